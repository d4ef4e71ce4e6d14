#!/usr/bin/env python
import os
import sys

from ror_portal.env import MissingSetting


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ror_portal.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(sys.argv)
    except MissingSetting as error:
        sys.exit(f"ROR Portal cannot start: {error}")


if __name__ == "__main__":
    main()
