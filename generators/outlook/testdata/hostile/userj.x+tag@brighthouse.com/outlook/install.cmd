@echo off
rem Spectrum mail for classic Outlook: userj.x+tag@brighthouse.com
rem Made by spectrumgen. Double-click this file; it needs no administrator rights.
rem It copies the kit's Outlook files to C:\IT Setup (2024)\Spectrum Mail; Kit #1 =x, 'y' [z] {w} $HOME +@~ and imports
rem spectrum.reg, so that Outlook creates the account at its next start.
rem Every path below is in double quotes: folders may contain spaces.
setlocal EnableExtensions DisableDelayedExpansion
set "RC=1"
set "SRC=%~dp0"
set "DEST=C:\IT Setup (2024)\Spectrum Mail; Kit #1 =x, 'y' [z] {w} $HOME +@~"
set "KEY=HKCU\Software\Microsoft\Office\15.0\Outlook"

echo Spectrum mail for Outlook: userj.x+tag@brighthouse.com
echo.

if not exist "%SRC%spectrum.prf" goto missing
if not exist "%SRC%autodiscover.xml" goto missing
if not exist "%SRC%spectrum.reg" goto missing

rem Outlook reads the settings when it starts, and may rewrite them when it
rem closes: it must not be running now.
tasklist /FI "IMAGENAME eq OUTLOOK.EXE" /NH 2>nul | find /I "OUTLOOK.EXE" >nul
if not errorlevel 1 goto running

if not exist "%DEST%\" mkdir "%DEST%"
if not exist "%DEST%\" goto nofolder
rem Nothing to copy when the kit was unpacked into the folder itself.
if /I "%SRC%"=="%DEST%\" goto copied
copy /Y "%SRC%spectrum.prf" "%DEST%\spectrum.prf" >nul
if errorlevel 1 goto nocopy
copy /Y "%SRC%autodiscover.xml" "%DEST%\autodiscover.xml" >nul
if errorlevel 1 goto nocopy
copy /Y "%SRC%spectrum.reg" "%DEST%\spectrum.reg" >nul
if errorlevel 1 goto nocopy
:copied
echo Copied the Outlook files to "%DEST%".

reg import "%DEST%\spectrum.reg"
if errorlevel 1 goto noimport
reg query "%KEY%\Setup" /v ImportPRF >nul 2>&1
if errorlevel 1 goto noimport
echo Imported the registry settings.
echo.
echo Done. Now:
echo   1. Start Outlook. It creates the profile "userj.x+tag@brighthouse.com" with your Spectrum account.
echo   2. When Outlook asks for a password, type your Spectrum email password.
echo If Outlook starts without the account (some Microsoft 365 builds ignore the
echo profile file), choose File, Add Account and type userj.x+tag@brighthouse.com:
echo Outlook reads the server settings from "%DEST%\autodiscover.xml"
echo and asks only for the password.
echo The new Outlook for Windows does not read these settings: use classic Outlook.
set "RC=0"
goto end

:missing
echo Some of the kit's Outlook files are not next to this script.
echo Unpack the whole kit first, then run install.cmd from the unpacked outlook folder.
goto end

:running
echo Outlook is running. Close Outlook, then run this file again.
goto end

:nofolder
echo Could not create the folder "%DEST%".
echo Ask your IT contact which folder to use.
goto end

:nocopy
echo Could not copy the Outlook files to "%DEST%".
goto end

:noimport
echo Could not import "%DEST%\spectrum.reg" into the registry.
echo Double-click that file and answer Yes to import it by hand.
goto end

:end
if /I not "%~1"=="/nopause" pause
endlocal & exit /b %RC%
