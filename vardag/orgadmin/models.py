"""Models of vardag.orgadmin."""
