// Package views is Codebench's window: one file per screen, reusable
// widgets in views/widgets. It depends on app/* through small interfaces
// declared where they are used, never on Badger or gofpdf, and never on
// fyne.io/fyne/v2/app, so every screen is tested headlessly.
package views
