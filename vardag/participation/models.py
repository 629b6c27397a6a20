"""Models of vardag.participation."""
