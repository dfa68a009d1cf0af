"""The front desk's window (`kiosk staff`, kiosk/ui/staff_app.py), one part a module: the window,
the reception table, the alert panel, the worker-thread loaders and the chime."""
