"""Models of vardag.forums."""
