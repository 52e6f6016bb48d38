import sys

from pia_core.cli import main

sys.exit(main())
