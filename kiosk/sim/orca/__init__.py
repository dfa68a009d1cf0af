"""A mock ORCA (日医標準レセプトソフト) API server: a real HTTP process with the personas as the
clinic's patients, the calls kiosk.checkin.orca makes, and fault switches (docs/checkin.md)."""
