/* Wine 8 does not know NtSetInformationFile(FileDispositionInformationEx)
 * and answers with a status Go reports as "Invalid function", where Windows
 * before 10 1607 answers STATUS_INVALID_INFO_CLASS. Go 1.26's os.RemoveAll deletes each file that
 * way and falls back to the older FileDispositionInformation only on the
 * latter answer, so under Wine 8 it fails ("unlinkat ...: Invalid function")
 * for every folder that holds a file, t.TempDir's clean-up included. This
 * makes Wine answer as old Windows does, so Go takes its own fallback: it
 * points ntdll's export of NtSetInformationFile at a small filter. Go looks
 * the function up (GetProcAddress) after start-up, after this DLL is
 * loaded. Used only under Wine in CI, like the rest of this DLL. */
#include <windows.h>
#include <string.h>

typedef LONG (NTAPI *setinfo_t)(HANDLE, PVOID, PVOID, ULONG, ULONG);

static setinfo_t real_setinfo;

#define FILE_DISPOSITION_INFORMATION_EX 64
#define STATUS_INVALID_INFO_CLASS ((LONG)0xC0000003)

static LONG NTAPI filtered_setinfo(HANDLE h, PVOID io, PVOID info, ULONG len, ULONG cls)
{
    if (cls == FILE_DISPOSITION_INFORMATION_EX)
        return STATUS_INVALID_INFO_CLASS;
    return real_setinfo(h, io, info, len, cls);
}

/* fix_delete_ex rewrites ntdll's export table entry. An entry holds a
 * 32-bit offset from ntdll's base, so it points at a jump placed within
 * reach above ntdll, which goes on to filtered_setinfo. */
void fix_delete_ex(void)
{
    BYTE *base = (BYTE *)GetModuleHandleA("ntdll.dll");
    if (!base) return;
    real_setinfo = (setinfo_t)GetProcAddress((HMODULE)base, "NtSetInformationFile");
    if (!real_setinfo) return;
    IMAGE_NT_HEADERS *nt = (IMAGE_NT_HEADERS *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_DATA_DIRECTORY dir = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    if (!dir.VirtualAddress) return;
    IMAGE_EXPORT_DIRECTORY *exp = (IMAGE_EXPORT_DIRECTORY *)(base + dir.VirtualAddress);
    DWORD *names = (DWORD *)(base + exp->AddressOfNames);
    WORD *ordinals = (WORD *)(base + exp->AddressOfNameOrdinals);
    DWORD *funcs = (DWORD *)(base + exp->AddressOfFunctions);
    DWORD *entry = NULL;
    for (DWORD i = 0; i < exp->NumberOfNames; i++) {
        if (strcmp((char *)(base + names[i]), "NtSetInformationFile") == 0) {
            entry = &funcs[ordinals[i]];
            break;
        }
    }
    if (!entry) return;
    /* A page for the jump, above ntdll and within 4 GB of its base. */
    BYTE *jump = NULL;
    ULONG_PTR start = ((ULONG_PTR)base + nt->OptionalHeader.SizeOfImage + 0xFFFF) & ~(ULONG_PTR)0xFFFF;
    for (ULONG_PTR at = start; at < (ULONG_PTR)base + 0xF0000000u && !jump; at += 0x10000)
        jump = VirtualAlloc((LPVOID)at, 4096, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!jump) return;
    /* movabs rax, filtered_setinfo; jmp rax */
    ULONG_PTR target = (ULONG_PTR)filtered_setinfo;
    jump[0] = 0x48; jump[1] = 0xB8;
    memcpy(jump + 2, &target, sizeof target);
    jump[10] = 0xFF; jump[11] = 0xE0;
    DWORD old;
    if (!VirtualProtect(jump, 4096, PAGE_EXECUTE_READ, &old)) return;
    if (!VirtualProtect(entry, sizeof *entry, PAGE_READWRITE, &old)) return;
    *entry = (DWORD)(jump - base);
    VirtualProtect(entry, sizeof *entry, old, &old);
}
