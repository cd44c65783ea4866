"""The ground floor: errors a user can act on, where the project's files are, atomic writes, the
writers' lock, and the sandbox that runs untrusted work with a budget.

May import: nothing else of conflictkg (standard library only: every command starts here).
"""

__all__ = ["errors", "paths", "atomic", "lock", "sandbox"]
