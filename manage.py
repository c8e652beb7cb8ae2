#!/usr/bin/env python
import os
import sys

# Commands that only write code for developers (never run on a server): they need no production
# secrets, so they run in development mode unless DEBUG says otherwise.
DEVELOPMENT_COMMANDS = {"makemigrations", "squashmigrations"}


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bianzhi.settings")
    if sys.argv[1:2] and sys.argv[1] in DEVELOPMENT_COMMANDS:
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
