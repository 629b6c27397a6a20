"""Models of vardag.notifications."""
