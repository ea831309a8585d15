package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// codebench.exe is linked as a GUI program (-H windowsgui), so that the
// window opens without a console window behind it. A GUI program starts
// with no standard handles, so when it is given a subcommand it attaches
// to the console of the program that started it (cmd.exe, PowerShell,
// codebench.com) and opens that console for the handles it lacks. Handles
// the caller redirected to a file or pipe are valid already and are kept.
func init() {
	if len(os.Args) > 1 {
		attachParentConsole()
	}
}

var (
	kernel32          = windows.NewLazySystemDLL("kernel32.dll")
	procAttachConsole = kernel32.NewProc("AttachConsole")
)

// attachParentProcess is ATTACH_PARENT_PROCESS, (DWORD)-1.
const attachParentProcess = ^uint32(0)

func attachParentConsole() {
	std := []struct {
		id   uint32
		file **os.File
		name string
		mode int
	}{
		{windows.STD_INPUT_HANDLE, &os.Stdin, "CONIN$", os.O_RDWR},
		{windows.STD_OUTPUT_HANDLE, &os.Stdout, "CONOUT$", os.O_RDWR},
		{windows.STD_ERROR_HANDLE, &os.Stderr, "CONOUT$", os.O_RDWR},
	}
	missing := false
	for _, s := range std {
		if !validHandle(s.id) {
			missing = true
		}
	}
	if !missing {
		return
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		// Started from Explorer or a shortcut: no console to write to.
		return
	}
	for _, s := range std {
		if validHandle(s.id) {
			continue
		}
		f, err := os.OpenFile(s.name, s.mode, 0)
		if err != nil {
			continue
		}
		*s.file = f
		_ = windows.SetStdHandle(s.id, windows.Handle(f.Fd()))
	}
}

func validHandle(id uint32) bool {
	h, err := windows.GetStdHandle(id)
	if err != nil || h == 0 || h == windows.InvalidHandle {
		return false
	}
	t, err := windows.GetFileType(h)
	return err == nil && t != windows.FILE_TYPE_UNKNOWN
}
