from legdx.ask.eval import main

raise SystemExit(main())
