"""Vardag has its own admin screens (vardag.orgadmin); Django's admin is not exposed."""
