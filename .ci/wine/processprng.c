/* bcryptprimitives.dll for Wine 8 (Debian 12), which lacks ProcessPrng.
 * Go 1.24+ Windows binaries import ProcessPrng at start-up and stop without
 * it. This stub forwards to advapi32's RtlGenRandom (SystemFunction036),
 * which Wine has. Used only to run the project's Windows test binaries and
 * release binary under Wine in CI; nothing of it ships. */
#include <windows.h>

typedef BOOLEAN (WINAPI *rtlgenrandom_t)(PVOID, ULONG);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    static rtlgenrandom_t gen;
    if (!gen) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        if (!advapi) return FALSE;
        gen = (rtlgenrandom_t)GetProcAddress(advapi, "SystemFunction036");
        if (!gen) return FALSE;
    }
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!gen(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}

void fix_delete_ex(void); /* deleteex.c */

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst; (void)reserved;
    if (reason == DLL_PROCESS_ATTACH)
        fix_delete_ex();
    return TRUE;
}
