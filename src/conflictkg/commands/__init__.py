"""One module per `conflictkg` command, registered in `conflictkg.cli.COMMANDS`. Each parses its
arguments, calls the packages below it and prints; the work is in importable functions there.

May import: any package of conflictkg.
"""
