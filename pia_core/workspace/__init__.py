"""The consultant's workspace: who may sign in, clients and their scans, links with rights."""
