"""Models of vardag.ideas."""
