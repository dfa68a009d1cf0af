"""Online eligibility confirmation: the result layout, the kiosk's HTTP client, the re-query of
pending receptions, the mock service."""
