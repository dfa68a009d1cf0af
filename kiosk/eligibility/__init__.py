"""Online eligibility confirmation: the result layout, the kiosk's HTTP client, the mock service."""
