"""The ground floor: errors a user can act on, where the project's files are, atomic writes, the
writers' lock, and the sandbox that runs untrusted work with a budget.

Imports nothing else of conflictkg; standard library only (start-up of every command passes here).
"""

__all__ = ["errors", "paths", "atomic", "lock", "sandbox"]
