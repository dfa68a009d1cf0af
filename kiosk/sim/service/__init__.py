"""The mock online eligibility service: a real HTTP server in its own process, its store, its
kiosk accounts, the result documents it builds from personas, and a launcher for tests."""
