#Requires -Version 5.1
<#
.SYNOPSIS
    FPSOS diagnostic tool: reads how this PC is set up for gaming and saves it for the FPSOS bot.

.DESCRIPTION
    Read-only: it changes no setting, writes nothing to the registry and needs no administrator rights.
    The only thing it writes is fpsos-diagnostic.json on your Desktop (format fpsos-diagnostic/1); if you say
    yes to the optional benchmark, PresentMon also saves its capture as fpsos-capture.csv beside it.
    Runs on Windows PowerShell 5.1 and PowerShell 7. Every check is separate: one that fails is left out
    of the file, the rest still run.

    What it reads:
      Windows      Win32_OperatingSystem (name, build); active power plan (powercfg /getactivescheme,
                   else Win32_PowerPlan); Game Mode (HKCU GameBar AutoGameModeEnabled, on by default since
                   Windows 10 1703); Game DVR (HKCU GameConfigStore GameDVR_Enabled, or the GameDVR policy);
                   hardware-accelerated GPU scheduling (HKLM GraphicsDrivers HwSchMode, 2 = on);
                   Memory Integrity (Win32_DeviceGuard, else HKLM DeviceGuard HypervisorEnforcedCodeIntegrity)
      CPU          Win32_Processor
      GPUs         Win32_VideoController (name, driver version, driver date)
      Memory       Win32_PhysicalMemory (size, number of sticks, configured and rated speed)
      Displays     user32 EnumDisplayDevices / EnumDisplaySettings (current refresh rate and the highest
                   one offered at the current resolution), else Win32_VideoController and
                   WmiMonitorListedSupportedSourceModes for a single display
      Storage      Win32_LogicalDisk for the system drive
      Network      Get-NetAdapter (else Win32_NetworkAdapter): Wi-Fi or wired; ping to 1.1.1.1
      Mouse        HKCU Control Panel\Mouse MouseSpeed (not 0 = acceleration on)
      Startup      Win32_StartupCommand (number of entries)
      Benchmark    optional, only with your yes: PresentMon (which you download yourself from
                   github.com/GameTechDev/PresentMon) records cs2.exe for 60 seconds while you play a
                   benchmark map; the file gets the average FPS, 1% and 0.1% lows, frames and duration, read
                   exactly as the FPSOS bot reads a capture. PresentMon needs administrator rights or membership
                   of the Performance Log Users group: without either the step is skipped (nothing is elevated)

    Known limits:
      - "Rated" RAM speed is what the modules report (SMBIOS Speed) or, for common kits, the speed in the
        part number (e.g. ...3200C16); some boards report the JEDEC speed only, so XMP-off may be missed.
      - The highest refresh rate is the highest mode Windows offers at the current resolution; if the
        display's EDID hides modes (wrong cable, old driver) it reads lower. The fallback without user32
        only works when one display is connected.
      - Win32_StartupCommand counts Run keys and Startup folders, including entries disabled in
        Task Manager, and not scheduled tasks or services.
      - Constrained Language Mode (some company PCs) blocks parts of this script.

.PARAMETER OutputPath
    Where to save the file instead of the Desktop.

.PARAMETER NoPing
    Skip the ping test.

.PARAMETER Benchmark
    Record the benchmark without asking first (CS2 must be running on a benchmark map).

.PARAMETER NoBenchmark
    Skip the benchmark step.

.PARAMETER BenchmarkSeconds
    How long the benchmark records (default 60, at least 10).

.PARAMETER PresentMonPath
    Where PresentMon's exe is, if it is not in this script's folder, on the Desktop or in Downloads.

.PARAMETER NoPause
    Do not wait for Enter at the end (the pause keeps the window open when the script was started by
    right-click > Run with PowerShell).

.EXAMPLE
    powershell -NoProfile -ExecutionPolicy Bypass -File .\fpsos-diagnostic.ps1
#>
[CmdletBinding()]
param(
    [string]$OutputPath = '',
    [switch]$NoPing,
    [switch]$NoPause,
    [switch]$Benchmark,
    [switch]$NoBenchmark,
    [ValidateRange(10, 600)][int]$BenchmarkSeconds = 60,
    [string]$PresentMonPath = ''
)

$ErrorActionPreference = 'Stop'
$ToolVersion = '1.0.0'
$PingHost = '1.1.1.1'
$PingTimeoutMs = 1000
$Invariant = [System.Globalization.CultureInfo]::InvariantCulture

$report = [ordered]@{
    schema       = 'fpsos-diagnostic/1'
    tool_version = $ToolVersion
    generated_at = (Get-Date).ToUniversalTime().ToString('o', $Invariant)
}

# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------

function Get-FpsosInstance {
    # CIM where it works; Get-WmiObject (Windows PowerShell only) where CIM is unavailable.
    param(
        [Parameter(Mandatory = $true)][string]$ClassName,
        [string]$Namespace = 'root\cimv2',
        [string]$Filter = ''
    )
    try {
        if ($Filter) {
            return Get-CimInstance -ClassName $ClassName -Namespace $Namespace -Filter $Filter -ErrorAction Stop
        }
        return Get-CimInstance -ClassName $ClassName -Namespace $Namespace -ErrorAction Stop
    }
    catch {
        if (-not (Get-Command -Name 'Get-WmiObject' -ErrorAction SilentlyContinue)) { throw }
        if ($Filter) {
            return Get-WmiObject -Class $ClassName -Namespace $Namespace -Filter $Filter -ErrorAction Stop
        }
        return Get-WmiObject -Class $ClassName -Namespace $Namespace -ErrorAction Stop
    }
}

function Get-FpsosRegistryValue {
    # One registry value, or $null when the key or the value does not exist. Reads only.
    param([string]$Path, [string]$Name)
    try {
        $item = Get-ItemProperty -LiteralPath $Path -Name $Name -ErrorAction Stop
        return $item.$Name
    }
    catch {
        return $null
    }
}

function ConvertTo-FpsosDate {
    # A [datetime] (CIM) as ISO 8601 UTC; a WMI DMTF string (20240301000000.000000-000) as its date.
    param($Value)
    if ($Value -is [datetime]) { return $Value.ToUniversalTime().ToString('o', $Invariant) }
    if ([string]$Value -match '^(\d{4})(\d{2})(\d{2})\d{6}\.\d{6}[+-]\d{3}$') {
        return ('{0}-{1}-{2}' -f $Matches[1], $Matches[2], $Matches[3])
    }
    return $null
}

function Write-FpsosLine {
    param([string]$Label, $Value)
    Write-Host ('  {0,-20} {1}' -f ($Label -replace '_', ' '), $Value)
}

function Remove-FpsosEmpty {
    # A copy of the section without the values that could not be read.
    param([System.Collections.IDictionary]$Values)
    $clean = [ordered]@{}
    foreach ($key in $Values.Keys) {
        if ($null -ne $Values[$key] -and '' -ne [string]$Values[$key]) { $clean[$key] = $Values[$key] }
    }
    return $clean
}

function Set-FpsosSection {
    # Adds one section (an object) to the report and prints it; an empty section is left out.
    param([string]$Name, [string]$Title, [System.Collections.IDictionary]$Values)
    $clean = Remove-FpsosEmpty -Values $Values
    Write-Host ''
    Write-Host $Title -ForegroundColor Cyan
    if ($clean.Count -eq 0) {
        Write-Host '  nothing could be read' -ForegroundColor Yellow
        return
    }
    foreach ($key in $clean.Keys) { Write-FpsosLine -Label $key -Value $clean[$key] }
    $script:report[$Name] = $clean
}

function Set-FpsosList {
    # Adds one list section (several objects) to the report and prints it. Always a JSON array.
    param([string]$Name, [string]$Title, [object[]]$Items)
    $clean = @(foreach ($item in $Items) {
            $entry = Remove-FpsosEmpty -Values $item
            if ($entry.Count -gt 0) { $entry }
        })
    Write-Host ''
    Write-Host $Title -ForegroundColor Cyan
    if ($clean.Count -eq 0) {
        Write-Host '  nothing could be read' -ForegroundColor Yellow
        return
    }
    $number = 0
    foreach ($entry in $clean) {
        $number++
        foreach ($key in $entry.Keys) { Write-FpsosLine -Label ('#{0} {1}' -f $number, $key) -Value $entry[$key] }
    }
    $script:report[$Name] = $clean
}

function Set-FpsosValue {
    # Adds one top-level value to the report and prints it.
    param([string]$Name, [string]$Title, $Value)
    Write-Host ''
    Write-Host $Title -ForegroundColor Cyan
    if ($null -eq $Value) {
        Write-Host '  could not be read' -ForegroundColor Yellow
        return
    }
    Write-FpsosLine -Label $Name -Value $Value
    $script:report[$Name] = $Value
}

function Invoke-FpsosProbe {
    # Runs one check; if it fails, says so and goes on without it.
    param([string]$Title, [scriptblock]$Probe)
    try {
        & $Probe
    }
    catch {
        Write-Host ''
        Write-Host $Title -ForegroundColor Cyan
        Write-Host ('  could not be read, left out: {0}' -f $_.Exception.Message) -ForegroundColor Yellow
    }
}

function Get-FpsosSafely {
    # The value of one small check, or $null when it fails.
    param([scriptblock]$Probe)
    try {
        return & $Probe
    }
    catch {
        return $null
    }
}

# ---------------------------------------------------------------------------------------------------------------
# Windows settings
# ---------------------------------------------------------------------------------------------------------------

function Get-FpsosPowerPlan {
    # powercfg prints the plan's name in the Windows language, so the built-in plans are named by their GUID.
    $builtIn = @{
        '8c5e7fda-e8bf-4a96-9a85-a6e23a8c635c' = 'High performance'
        'e9a42b02-d5df-448d-aa00-03f14749eb61' = 'Ultimate Performance'
        '381b4222-f694-41f0-9685-ff5bb260df2e' = 'Balanced'
        'a1841308-3541-4fab-bc81-f71556f20b4a' = 'Power saver'
    }
    $guidPattern = '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'
    $guid = $null
    $name = $null
    try {
        $text = (& powercfg.exe /getactivescheme) -join ' '
        if ($text -match ($guidPattern + '\s*\((.+)\)')) {
            $guid = $Matches[1].ToLowerInvariant()
            $name = $Matches[2].Trim()
        }
    }
    catch {
        $guid = $null
    }
    if ($null -eq $guid) {
        $plan = @(Get-FpsosInstance -ClassName 'Win32_PowerPlan' -Namespace 'root\cimv2\power' -Filter 'IsActive = TRUE')[0]
        if ($null -eq $plan) { return $null }
        $name = [string]$plan.ElementName
        if ([string]$plan.InstanceID -match $guidPattern) { $guid = $Matches[1].ToLowerInvariant() }
    }
    if ($null -ne $guid -and $builtIn.ContainsKey($guid)) { return $builtIn[$guid] }
    return $name
}

function Get-FpsosGameMode {
    param([int]$Build)
    $value = Get-FpsosRegistryValue -Path 'HKCU:\Software\Microsoft\GameBar' -Name 'AutoGameModeEnabled'
    if ($null -eq $value) { $value = Get-FpsosRegistryValue -Path 'HKCU:\Software\Microsoft\GameBar' -Name 'AllowAutoGameMode' }
    if ($null -ne $value) { return ([int]$value -ne 0) }
    if ($Build -ge 15063) { return $true }
    return $null
}

function Get-FpsosGameDvr {
    $policy = Get-FpsosRegistryValue -Path 'HKLM:\SOFTWARE\Policies\Microsoft\Windows\GameDVR' -Name 'AllowGameDVR'
    if ($null -ne $policy -and [int]$policy -eq 0) { return $false }
    $value = Get-FpsosRegistryValue -Path 'HKCU:\System\GameConfigStore' -Name 'GameDVR_Enabled'
    if ($null -eq $value) { return $null }
    return ([int]$value -ne 0)
}

function Get-FpsosHags {
    $value = Get-FpsosRegistryValue -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\GraphicsDrivers' -Name 'HwSchMode'
    if ($null -eq $value) { return $null }
    return ([int]$value -eq 2)
}

function Get-FpsosMemoryIntegrity {
    # Win32_DeviceGuard says what is running (2 = hypervisor-enforced code integrity); the registry what is set.
    $running = Get-FpsosSafely {
        $guard = @(Get-FpsosInstance -ClassName 'Win32_DeviceGuard' -Namespace 'root\Microsoft\Windows\DeviceGuard')[0]
        if ($null -eq $guard -or $null -eq $guard.SecurityServicesRunning) { return $null }
        return (@($guard.SecurityServicesRunning) -contains 2)
    }
    if ($null -ne $running) { return $running }
    $key = 'HKLM:\SYSTEM\CurrentControlSet\Control\DeviceGuard\Scenarios\HypervisorEnforcedCodeIntegrity'
    $value = Get-FpsosRegistryValue -Path $key -Name 'Enabled'
    if ($null -eq $value) { return $false }
    return ([int]$value -eq 1)
}

function Get-FpsosMouseAcceleration {
    $speed = Get-FpsosRegistryValue -Path 'HKCU:\Control Panel\Mouse' -Name 'MouseSpeed'
    if ($null -eq $speed) { return $null }
    return (([string]$speed).Trim() -ne '0')
}

# ---------------------------------------------------------------------------------------------------------------
# Hardware
# ---------------------------------------------------------------------------------------------------------------

function Get-FpsosPartNumberSpeed {
    # The rated speed many kits carry in their part number: CMK16GX4M2B3200C16, F4-3600C16-8GTZN,
    # TF3D48G3200HC16F01 (-> 3200, 3600, 3200), HX432C16PB3K2/16, KF552C40BBK2-32 (-> 3200, 5200).
    param([string]$PartNumber)
    $part = ([string]$PartNumber).Trim().ToUpperInvariant()
    $speed = 0
    if ($part -match '^(?:HX|KF)\d(\d{2})C\d{2}') { $speed = [int]$Matches[1] * 100 }
    elseif ($part -match '(?<!\d)(\d{4})H?C\d{2}') { $speed = [int]$Matches[1] }
    elseif ($part -match '^F[45]-(\d{4})') { $speed = [int]$Matches[1] }
    if ($speed -ge 1600 -and $speed -le 10000) { return $speed }
    return 0
}

$displaySource = @'
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

public static class FpsosDisplayProbe
{
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    public struct DisplayDevice
    {
        public int cb;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string DeviceName;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 128)] public string DeviceString;
        public int StateFlags;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 128)] public string DeviceID;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 128)] public string DeviceKey;
    }

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    public struct DevMode
    {
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string dmDeviceName;
        public short dmSpecVersion;
        public short dmDriverVersion;
        public short dmSize;
        public short dmDriverExtra;
        public int dmFields;
        public int dmPositionX;
        public int dmPositionY;
        public int dmDisplayOrientation;
        public int dmDisplayFixedOutput;
        public short dmColor;
        public short dmDuplex;
        public short dmYResolution;
        public short dmTTOption;
        public short dmCollate;
        [MarshalAs(UnmanagedType.ByValTStr, SizeConst = 32)] public string dmFormName;
        public short dmLogPixels;
        public int dmBitsPerPel;
        public int dmPelsWidth;
        public int dmPelsHeight;
        public int dmDisplayFlags;
        public int dmDisplayFrequency;
        public int dmICMMethod;
        public int dmICMIntent;
        public int dmMediaType;
        public int dmDitherType;
        public int dmReserved1;
        public int dmReserved2;
        public int dmPanningWidth;
        public int dmPanningHeight;
    }

    [DllImport("user32.dll", CharSet = CharSet.Unicode)]
    private static extern bool EnumDisplayDevices(string device, int index, ref DisplayDevice info, int flags);

    [DllImport("user32.dll", CharSet = CharSet.Unicode)]
    private static extern bool EnumDisplaySettings(string device, int mode, ref DevMode info);

    private const int CurrentSettings = -1;
    private const int AttachedToDesktop = 1;
    private const int PrimaryDevice = 4;
    private const int MaxModes = 5000;

    // One row per display attached to the desktop: { primary (1/0), current Hz, highest Hz at this resolution }.
    public static int[][] Read()
    {
        List<int[]> rows = new List<int[]>();
        DisplayDevice device = new DisplayDevice();
        device.cb = Marshal.SizeOf(typeof(DisplayDevice));
        for (int index = 0; EnumDisplayDevices(null, index, ref device, 0); index++)
        {
            if ((device.StateFlags & AttachedToDesktop) != 0)
            {
                DevMode current = new DevMode();
                current.dmSize = (short)Marshal.SizeOf(typeof(DevMode));
                if (EnumDisplaySettings(device.DeviceName, CurrentSettings, ref current))
                {
                    int best = current.dmDisplayFrequency;
                    DevMode mode = new DevMode();
                    mode.dmSize = current.dmSize;
                    for (int m = 0; m < MaxModes && EnumDisplaySettings(device.DeviceName, m, ref mode); m++)
                    {
                        bool sameSize = mode.dmPelsWidth == current.dmPelsWidth && mode.dmPelsHeight == current.dmPelsHeight;
                        if (sameSize && mode.dmDisplayFrequency > best) { best = mode.dmDisplayFrequency; }
                    }
                    int primary = 0;
                    if ((device.StateFlags & PrimaryDevice) != 0) { primary = 1; }
                    rows.Add(new int[] { primary, current.dmDisplayFrequency, best });
                }
            }
            device.cb = Marshal.SizeOf(typeof(DisplayDevice));
        }
        return rows.ToArray();
    }
}
'@

function Get-FpsosDisplays {
    # user32 knows every display, which one is primary and which modes it offers; no admin rights needed.
    # Rates of 0 or 1 mean "hardware default" and count as unknown.
    $rows = Get-FpsosSafely {
        if (-not ('FpsosDisplayProbe' -as [type])) { Add-Type -TypeDefinition $displaySource -Language CSharp }
        return , ([FpsosDisplayProbe]::Read())
    }
    if ($null -ne $rows -and @($rows).Count -gt 0) {
        foreach ($row in $rows) {
            $current = $null
            $max = $null
            if ($row[1] -gt 1) { $current = [int]$row[1] }
            if ($row[2] -gt 1) { $max = [int]$row[2] }
            [pscustomobject]@{ Primary = ($row[0] -eq 1); CurrentHz = $current; MaxHz = $max }
        }
        return
    }
    # Fallback for a single display: the adapter's current rate and the monitor's listed modes.
    $active = @(Get-FpsosInstance -ClassName 'Win32_VideoController' | Where-Object { [int]$_.CurrentRefreshRate -gt 1 })
    if ($active.Count -ne 1) { return }
    $adapter = $active[0]
    $max = Get-FpsosSafely {
        $monitors = @(Get-FpsosInstance -ClassName 'WmiMonitorListedSupportedSourceModes' -Namespace 'root\wmi')
        if ($monitors.Count -ne 1) { return $null }
        $best = 0
        foreach ($mode in @($monitors[0].MonitorSourceModes)) {
            $sameSize = [int]$mode.HorizontalActivePixels -eq [int]$adapter.CurrentHorizontalResolution -and
                [int]$mode.VerticalActivePixels -eq [int]$adapter.CurrentVerticalResolution
            if ($sameSize -and [int]$mode.VerticalRefreshRateDenominator -gt 0) {
                $hz = [int][math]::Floor([double]$mode.VerticalRefreshRateNumerator / [double]$mode.VerticalRefreshRateDenominator)
                if ($hz -gt $best) { $best = $hz }
            }
        }
        if ($best -gt 0) { return $best }
        return $null
    }
    [pscustomobject]@{ Primary = $true; CurrentHz = [int]$adapter.CurrentRefreshRate; MaxHz = $max }
}

function Get-FpsosConnection {
    # Wired wins when both are connected: Windows prefers it. Wi-Fi is 802.11 media.
    $wired = $false
    $wireless = $false
    $adapters = Get-FpsosSafely { @(Get-NetAdapter -Physical -ErrorAction Stop | Where-Object { $_.Status -eq 'Up' }) }
    if ($null -ne $adapters) {
        foreach ($adapter in @($adapters)) {
            $media = '{0} {1}' -f $adapter.PhysicalMediaType, $adapter.InterfaceDescription
            if ([int]$adapter.NdisPhysicalMedium -eq 9 -or $media -match '802\.11|Wireless|Wi-?Fi|WLAN') { $wireless = $true }
            else { $wired = $true }
        }
    }
    else {
        $up = @(Get-FpsosInstance -ClassName 'Win32_NetworkAdapter' -Filter 'NetConnectionStatus = 2 AND PhysicalAdapter = TRUE')
        foreach ($adapter in $up) {
            $media = '{0} {1}' -f $adapter.Name, $adapter.NetConnectionID
            if ($media -match '802\.11|Wireless|Wi-?Fi|WLAN') { $wireless = $true }
            else { $wired = $true }
        }
    }
    if ($wired) { return 'ethernet' }
    if ($wireless) { return 'wifi' }
    return $null
}

function Get-FpsosPing {
    # .NET Ping behaves the same on 5.1 and 7 (Test-Connection differs) and takes a timeout per try.
    if ($NoPing) { return $null }
    $pinger = New-Object System.Net.NetworkInformation.Ping
    try {
        $times = @(for ($try = 0; $try -lt 4; $try++) {
                $reply = $pinger.Send($PingHost, $PingTimeoutMs)
                if ($reply.Status -eq [System.Net.NetworkInformation.IPStatus]::Success) { [int]$reply.RoundtripTime }
            })
    }
    finally {
        $pinger.Dispose()
    }
    if ($times.Count -eq 0) { return $null }
    return [int][math]::Round(($times | Measure-Object -Average).Average)
}

# ---------------------------------------------------------------------------------------------------------------
# Collect
# ---------------------------------------------------------------------------------------------------------------

Write-Host ('FPSOS diagnostic tool {0}: reading your PC setup (read-only, changes nothing)...' -f $ToolVersion) -ForegroundColor Green

Invoke-FpsosProbe 'Windows' {
    $os = Get-FpsosSafely { @(Get-FpsosInstance -ClassName 'Win32_OperatingSystem')[0] }
    $build = [int][System.Environment]::OSVersion.Version.Build
    if ($null -ne $os) { $build = [int]$os.BuildNumber }
    Set-FpsosSection -Name 'os' -Title 'Windows' -Values ([ordered]@{
            name             = Get-FpsosSafely { ([string]$os.Caption).Trim() }
            build            = $build
            power_plan       = Get-FpsosSafely { Get-FpsosPowerPlan }
            game_mode        = Get-FpsosSafely { Get-FpsosGameMode -Build $build }
            game_dvr         = Get-FpsosSafely { Get-FpsosGameDvr }
            hags             = Get-FpsosSafely { Get-FpsosHags }
            memory_integrity = Get-FpsosSafely { Get-FpsosMemoryIntegrity }
        })
}

Invoke-FpsosProbe 'CPU' {
    $cpus = @(Get-FpsosInstance -ClassName 'Win32_Processor')
    if ($cpus.Count -eq 0) { throw 'no processor reported' }
    Set-FpsosSection -Name 'cpu' -Title 'CPU' -Values ([ordered]@{
            name    = ([string]$cpus[0].Name).Trim()
            cores   = [int](($cpus | Measure-Object -Property NumberOfCores -Sum).Sum)
            threads = [int](($cpus | Measure-Object -Property NumberOfLogicalProcessors -Sum).Sum)
        })
}

Invoke-FpsosProbe 'Graphics' {
    $controllers = @(Get-FpsosInstance -ClassName 'Win32_VideoController')
    Set-FpsosList -Name 'gpus' -Title 'Graphics' -Items @(foreach ($controller in $controllers) {
            [ordered]@{
                name           = ([string]$controller.Name).Trim()
                driver_version = [string]$controller.DriverVersion
                driver_date    = ConvertTo-FpsosDate $controller.DriverDate
            }
        })
}

Invoke-FpsosProbe 'Memory' {
    $sticks = @(Get-FpsosInstance -ClassName 'Win32_PhysicalMemory')
    if ($sticks.Count -eq 0) { throw 'no memory modules reported' }
    $capacity = [double](($sticks | Measure-Object -Property Capacity -Sum).Sum)
    $configured = @($sticks | ForEach-Object { [int]$_.ConfiguredClockSpeed } | Where-Object { $_ -gt 0 })
    $rated = @(foreach ($stick in $sticks) { [int]$stick.Speed; Get-FpsosPartNumberSpeed -PartNumber $stick.PartNumber })
    $speed = $null
    $ratedSpeed = $null
    if ($configured.Count -gt 0) { $speed = [int](($configured | Measure-Object -Minimum).Minimum) }
    $ratedMax = [int](($rated | Measure-Object -Maximum).Maximum)
    if ($ratedMax -gt 0) { $ratedSpeed = $ratedMax }
    Set-FpsosSection -Name 'memory' -Title 'Memory' -Values ([ordered]@{
            total_gb        = [double][math]::Round($capacity / 1gb, 1)
            modules         = [int]$sticks.Count
            speed_mhz       = $speed
            rated_speed_mhz = $ratedSpeed
        })
}

Invoke-FpsosProbe 'Displays' {
    Set-FpsosList -Name 'displays' -Title 'Displays' -Items @(foreach ($display in @(Get-FpsosDisplays)) {
            [ordered]@{
                primary    = [bool]$display.Primary
                current_hz = $display.CurrentHz
                max_hz     = $display.MaxHz
            }
        })
}

Invoke-FpsosProbe 'Storage' {
    $drive = $env:SystemDrive
    if (-not $drive) { $drive = 'C:' }
    $disk = @(Get-FpsosInstance -ClassName 'Win32_LogicalDisk' -Filter ("DeviceID = '{0}'" -f $drive))[0]
    if ($null -eq $disk -or $null -eq $disk.Size) { throw ('system drive {0} not found' -f $drive) }
    Set-FpsosSection -Name 'storage' -Title 'Storage' -Values ([ordered]@{
            system_free_gb  = [double][math]::Round([double]$disk.FreeSpace / 1gb, 1)
            system_total_gb = [double][math]::Round([double]$disk.Size / 1gb, 1)
        })
}

Invoke-FpsosProbe 'Network' {
    Set-FpsosSection -Name 'network' -Title 'Network' -Values ([ordered]@{
            connection = Get-FpsosSafely { Get-FpsosConnection }
            ping_ms    = Get-FpsosSafely { Get-FpsosPing }
        })
}

Invoke-FpsosProbe 'Mouse' {
    Set-FpsosSection -Name 'input' -Title 'Mouse' -Values ([ordered]@{
            mouse_acceleration = Get-FpsosMouseAcceleration
        })
}

Invoke-FpsosProbe 'Startup apps' {
    Set-FpsosValue -Name 'startup_apps' -Title 'Startup apps' -Value ([int]@(Get-FpsosInstance -ClassName 'Win32_StartupCommand').Count)
}

# ---------------------------------------------------------------------------------------------------------------
# Optional benchmark (PresentMon)
# ---------------------------------------------------------------------------------------------------------------

function Find-FpsosPresentMon {
    # PresentMon's exe: the given path, else PresentMon*.exe in this script's folder, on the Desktop or in Downloads.
    if ($PresentMonPath) {
        if (Test-Path -LiteralPath $PresentMonPath) { return $PresentMonPath }
        return $null
    }
    $folders = @($PSScriptRoot, [Environment]::GetFolderPath('Desktop'), (Join-Path -Path $env:USERPROFILE -ChildPath 'Downloads'))
    foreach ($folder in $folders) {
        if (-not $folder -or -not (Test-Path -LiteralPath $folder)) { continue }
        $found = @(Get-ChildItem -LiteralPath $folder -Filter 'PresentMon*.exe' -File -ErrorAction SilentlyContinue)
        if ($found.Count -gt 0) { return $found[0].FullName }
    }
    return $null
}

function Test-FpsosCanTrace {
    # PresentMon reads Windows' event tracing: administrators (elevated) and Performance Log Users may.
    $identity = [Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object Security.Principal.WindowsPrincipal($identity)
    if ($principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { return $true }
    return @($identity.Groups | Where-Object { $_.Value -eq 'S-1-5-32-559' }).Count -gt 0
}

function Measure-FpsosCapture {
    # The FPSOS bot's reading of a capture (src/lib/frametimes): cs2.exe, its swap chain with the most rows,
    # MsBetweenPresents; average = 1000 x frames / total ms, lows = 1000 / the nearest-rank 99th and 99.9th
    # percentile frame time.
    param([string]$Path)
    $rows = @(Import-Csv -LiteralPath $Path | Where-Object { $_.Application -eq 'cs2.exe' })
    if ($rows.Count -eq 0) { throw 'no cs2.exe frames in the capture: was Counter-Strike 2 running?' }
    $chain = @($rows | Group-Object -Property SwapChainAddress | Sort-Object -Property Count -Descending)[0].Group
    $times = New-Object System.Collections.Generic.List[double]
    foreach ($row in $chain) {
        $ms = 0.0
        if ([double]::TryParse([string]$row.MsBetweenPresents, [Globalization.NumberStyles]::Float, $Invariant, [ref]$ms) -and $ms -gt 0) { $times.Add($ms) }
    }
    if ($times.Count -eq 0) { throw 'the capture has no frame times' }
    $total = ($times | Measure-Object -Sum).Sum
    $times.Sort()
    $count = $times.Count
    $p99 = $times[[int][math]::Max(1, [math]::Ceiling(990 * $count / 1000)) - 1]
    $p999 = $times[[int][math]::Max(1, [math]::Ceiling(999 * $count / 1000)) - 1]
    $away = [MidpointRounding]::AwayFromZero
    return [ordered]@{
        avg_fps    = [double][math]::Round(1000 * $count / $total, 1, $away)
        p1_fps     = [double][math]::Round(1000 / $p99, 1, $away)
        p01_fps    = [double][math]::Round(1000 / $p999, 1, $away)
        frames     = [int]$count
        duration_s = [double][math]::Round($total / 1000, 3, $away)
    }
}

Invoke-FpsosProbe 'Benchmark' {
    if ($NoBenchmark) { return }
    $presentMon = Find-FpsosPresentMon
    Write-Host ''
    Write-Host 'Benchmark (optional)' -ForegroundColor Cyan
    if (-not $presentMon) {
        Write-Host '  To measure your real FPS too: download PresentMon from github.com/GameTechDev/PresentMon (Releases),'
        Write-Host '  put PresentMon.exe next to this script, and run the tool again. Or record 60 seconds with CapFrameX'
        Write-Host '  and send the CSV to the FPSOS bot. Skipped.'
        return
    }
    if (-not (Test-FpsosCanTrace)) {
        Write-Host '  PresentMon needs administrator rights or the Performance Log Users group to see your frames.'
        Write-Host '  This tool never asks for administrator rights itself. To include the benchmark, run it again from'
        Write-Host '  a PowerShell window opened with "Run as administrator", or add your account to Performance Log Users'
        Write-Host '  (Computer Management > Local Users and Groups) and sign in again. Skipped.'
        return
    }
    if (-not $Benchmark) {
        Write-Host ('  Start Counter-Strike 2 on a benchmark map (e.g. the workshop map "CS2 FPS Benchmark"), then come back.')
        $answer = Read-Host ('  Record {0} seconds with PresentMon now? [y/N]' -f $BenchmarkSeconds)
        if ($answer -notmatch '^(?i)y') {
            Write-Host '  Skipped.'
            return
        }
    }
    $folder = [Environment]::GetFolderPath('Desktop')
    if (-not $folder -or -not (Test-Path -LiteralPath $folder)) { $folder = (Get-Location).Path }
    $capture = Join-Path -Path $folder -ChildPath 'fpsos-capture.csv'
    Write-Host ('  Recording cs2.exe for {0} seconds: switch to the game and play.' -f $BenchmarkSeconds)
    & $presentMon --process_name cs2.exe --timed $BenchmarkSeconds --terminate_after_timed --no_console_stats --output_file $capture | Write-Host
    if (-not (Test-Path -LiteralPath $capture)) { throw 'PresentMon saved no capture' }
    $reading = Measure-FpsosCapture -Path $capture
    Set-FpsosSection -Name 'performance' -Title 'Benchmark' -Values ([ordered]@{
            avg_fps    = $reading.avg_fps
            p1_fps     = $reading.p1_fps
            p01_fps    = $reading.p01_fps
            frames     = $reading.frames
            duration_s = $reading.duration_s
        })
}

# ---------------------------------------------------------------------------------------------------------------
# Save
# ---------------------------------------------------------------------------------------------------------------

try {
    $json = ConvertTo-Json -InputObject $report -Depth 6
    $path = $OutputPath
    if (-not $path) {
        $folder = [Environment]::GetFolderPath('Desktop')
        if (-not $folder -or -not (Test-Path -LiteralPath $folder)) { $folder = (Get-Location).Path }
        $path = Join-Path -Path $folder -ChildPath 'fpsos-diagnostic.json'
    }
    [System.IO.File]::WriteAllText($path, $json, (New-Object System.Text.UTF8Encoding($false)))
}
catch {
    Write-Host ''
    Write-Host ('Could not save the diagnostic file: {0}' -f $_.Exception.Message) -ForegroundColor Red
    exit 1
}

Write-Host ''
Write-Host ('Saved: {0}' -f $path) -ForegroundColor Green
Write-Host 'Next step: Upload this file to the FPSOS bot with /diagnostic upload or send it to the bot by DM.' -ForegroundColor Green

if (-not $NoPause) {
    try {
        [void](Read-Host 'Press Enter to close this window')
    }
    catch {
        # No console to read from (e.g. -NonInteractive): nothing to wait for.
        $NoPause = $true
    }
}
