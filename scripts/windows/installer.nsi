; Codebench for Windows: a per-user installer (no administrator rights).
;   makensis -DVERSION=0.1.0 -DFILEVERSION=0.1.0.1 -DSRC=DIR -DOUT=FILE installer.nsi
; DIR holds codebench.exe, codebench.com, icon.ico and LICENSE.txt.
;
; Installs into %LocalAppData%\Programs\Codebench with a Start-menu entry
; and an entry in Settings > Apps. The data folder, %LocalAppData%\Codebench,
; holds the patients' records: neither the installer, an upgrade, nor the
; uninstaller ever touches it.

; 64-bit, like codebench.exe: Windows on x86-64 only (and Wine needs no
; 32-bit support to test it).
Target amd64-unicode
!ifndef VERSION | FILEVERSION | SRC | OUT
  !error "give -DVERSION= -DFILEVERSION= -DSRC= -DOUT="
!endif

!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Codebench"
!define UNINSTALLER "Uninstall Codebench.exe"

Name "Codebench"
OutFile "${OUT}"
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Codebench"
InstallDirRegKey HKCU "Software\Codebench" "InstallDir"
SetCompressor /SOLID lzma
ManifestDPIAware true

VIProductVersion "${FILEVERSION}"
VIFileVersion "${FILEVERSION}"
VIAddVersionKey "ProductName" "Codebench"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "Codebench ${VERSION} setup"
VIAddVersionKey "CompanyName" "Codebench contributors"
VIAddVersionKey "LegalCopyright" "Apache-2.0"

!include "MUI2.nsh"
!define MUI_ICON "${SRC}\icon.ico"
!define MUI_UNICON "${SRC}\icon.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\codebench.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start Codebench"
!insertmacro MUI_PAGE_LICENSE "${SRC}\LICENSE.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; The program must not go into the data folder: the uninstaller removes
; the program's folder when it is empty.
Function .onVerifyInstDir
  StrCmp "$INSTDIR" "$LOCALAPPDATA\Codebench" 0 +2
    Abort
FunctionEnd

Section "Codebench"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An upgrade overwrites the program files only. A Codebench still
  ; running holds codebench.exe open: the person is asked to close it.
  SetOverwrite on
  File "${SRC}\codebench.exe"
  File "${SRC}\codebench.com"
  File "${SRC}\LICENSE.txt"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  CreateShortcut "$SMPROGRAMS\Codebench.lnk" "$INSTDIR\codebench.exe" "" "$INSTDIR\codebench.exe" 0 SW_SHOWNORMAL "" "Medical record coding workstation"

  WriteRegStr HKCU "Software\Codebench" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "Codebench"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\codebench.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "Codebench contributors"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only the files this installer put there, by name: never a whole folder,
  ; so a data folder chosen inside it by hand survives too.
  Delete "$INSTDIR\codebench.exe"
  Delete "$INSTDIR\codebench.com"
  Delete "$INSTDIR\LICENSE.txt"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Codebench.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "Software\Codebench"
  ; %LocalAppData%\Codebench (the records, keys and audit trail) stays.
SectionEnd
