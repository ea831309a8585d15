/* codebench.com: the console front of codebench.exe.
 *
 * codebench.exe is a GUI program, so that the window opens without a
 * console. cmd.exe and PowerShell do not wait for a GUI program, nor give
 * its exit status to scripts. This small console program, installed beside
 * it, is what `codebench ...` runs from a console (PATHEXT puts .COM before
 * .EXE): it starts codebench.exe with the same arguments, waits for it and
 * returns its exit status. codebench.exe attaches to this console for the
 * handles it is not given; handles redirected to files or pipes are passed
 * on as they are. */
#include <windows.h>
#include <wchar.h>
#include <stdlib.h>

/* consoleHandle is true for a handle that is this console rather than a
 * file, pipe or NUL: codebench.exe then opens the console itself. */
static BOOL consoleHandle(HANDLE h)
{
	DWORD mode;
	return h == NULL || h == INVALID_HANDLE_VALUE ||
	       (GetFileType(h) == FILE_TYPE_CHAR && GetConsoleMode(h, &mode));
}

static HANDLE passOn(DWORD id)
{
	HANDLE h = GetStdHandle(id);
	return consoleHandle(h) ? NULL : h;
}

/* skipProgramName returns the arguments after the program name, parsed
 * as CommandLineToArgvW parses argv[0]. */
static const wchar_t *skipProgramName(const wchar_t *p)
{
	if (*p == L'"') {
		p++;
		while (*p && *p != L'"')
			p++;
		if (*p)
			p++;
	} else {
		while (*p && *p != L' ' && *p != L'\t')
			p++;
	}
	while (*p == L' ' || *p == L'\t')
		p++;
	return p;
}

int main(void)
{
	static wchar_t exe[32768];
	DWORD n = GetModuleFileNameW(NULL, exe, 32768 - 16);
	wchar_t *dot = wcsrchr(exe, L'.');
	if (n == 0 || dot == NULL) {
		fputws(L"codebench: cannot find codebench.exe\n", stderr);
		return 2;
	}
	wcscpy(dot, L".exe");

	const wchar_t *args = skipProgramName(GetCommandLineW());
	size_t len = wcslen(exe) + wcslen(args) + 4;
	wchar_t *cmd = malloc(len * sizeof(wchar_t));
	if (cmd == NULL)
		return 2;
	swprintf(cmd, len, L"\"%ls\" %ls", exe, args);

	STARTUPINFOW si = {sizeof si};
	si.dwFlags = STARTF_USESTDHANDLES;
	si.hStdInput = passOn(STD_INPUT_HANDLE);
	si.hStdOutput = passOn(STD_OUTPUT_HANDLE);
	si.hStdError = passOn(STD_ERROR_HANDLE);
	PROCESS_INFORMATION pi;
	if (!CreateProcessW(exe, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
		fwprintf(stderr, L"codebench: cannot start %ls (error %lu)\n", exe, GetLastError());
		return 2;
	}
	/* Ctrl+C reaches codebench.exe, which shares this console and stops
	 * its work cleanly; this program only waits for it. */
	SetConsoleCtrlHandler(NULL, TRUE);
	WaitForSingleObject(pi.hProcess, INFINITE);
	DWORD code = 2;
	GetExitCodeProcess(pi.hProcess, &code);
	return (int)code;
}
