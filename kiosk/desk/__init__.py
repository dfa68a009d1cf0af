"""`kiosk desk`: the reception desk as a web application on the clinic LAN (docs/desk.md).

One HTTPS server per clinic reads the records database the kiosks write: live staff alerts
(server-sent events driven by :class:`kiosk.records.alerts.ChangeWatcher`), today's receptions,
the manual 被保険者番号 lookup and the month's counts. Staff sign in with their own accounts;
every action lands in the staff audit trail under their name. No Qt here: any browser is a desk.
"""
