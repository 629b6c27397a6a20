"""Models of vardag.dashboards."""
