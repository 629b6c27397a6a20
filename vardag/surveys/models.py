"""Models of vardag.surveys."""
