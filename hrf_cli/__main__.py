"""Allow ``python -m hrf_cli``."""

from hrf_cli.cli import main

if __name__ == "__main__":
    main()
