// Package app is Codebench's domain: patients, encounters, coded records,
// notes and code assignments, and the coding workflow that moves a record
// from "to code" to "final". It uses the standard library only; storage,
// the window and PDF printing live outside and depend on it, never the
// other way round.
package app
