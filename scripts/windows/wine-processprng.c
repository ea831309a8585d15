/* Test harness only, never shipped: Debian 12's Wine 8 has no
 * bcryptprimitives.dll, whose ProcessPrng the Go runtime (1.24+) calls at
 * start-up. This DLL, copied into a throwaway WINEPREFIX's system32,
 * provides it from RtlGenRandom (advapi32's SystemFunction036), which Wine
 * has. Real Windows 10 and 11 ship the DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
