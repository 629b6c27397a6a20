"""Models of vardag.meetings."""
