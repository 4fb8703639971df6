"""FHIR R4 for legdx (the [server] extra): Bundle -> case (``read``), Assessment -> resources (``write``),
CDS Hooks 2.0 (``cds_hooks``) and the SDC adaptive interview (``sdc``). Codes live in ``mapping.yaml``."""
