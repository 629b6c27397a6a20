"""Models of vardag.research."""
