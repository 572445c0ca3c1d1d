package localfiles

// SetBeforeOpen lets tests act in the window between the checks and an open.
func SetBeforeOpen(a *Allowed, f func(abs string)) { a.beforeOpen = f }
