/**
 * Realistic value pools the seed draws from: people, hardware per operating system, WARP client
 * versions, and the custom device settings profiles every seeded account starts with.
 */
import { schemaDefaults } from "../../generated/data.js";
import type { DeviceType, FallbackDomainEntry, SplitTunnelEntry } from "./types.js";

// biome-ignore format: a compact table reads better than one name per line
export const FIRST_NAMES = [
  "Mira", "Jonas", "Aiko", "Mateo", "Priya", "Liam", "Zara", "Noah", "Ines", "Tariq",
  "Hannah", "Kenji", "Olga", "Samuel", "Leila", "Diego", "Freya", "Arjun", "Chloe", "Emeka",
  "Sofia", "Lukas", "Amara", "Ravi", "Elena", "Tomasz", "Yara", "Oscar", "Nadia", "Felix",
  "Maya", "Kwame", "Isla", "Hugo", "Anya", "Rafael", "Lena", "Omar", "Grace", "Viktor",
  "Ama", "Daniel", "Saanvi", "Marco", "Ingrid", "Tobias", "Rosa", "Chen",
] as const;

// biome-ignore format: a compact table reads better than one name per line
export const LAST_NAMES = [
  "Okafor", "Schmidt", "Tanaka", "Garcia", "Sharma", "O'Brien", "Haddad", "Kim", "Moreau", "Rahman",
  "Novak", "Silva", "Ivanova", "Mensah", "Rossi", "Andersen", "Kowalski", "Nguyen", "Fischer", "Costa",
  "Patel", "Larsen", "Dubois", "Yilmaz", "Cohen", "Santos", "Bauer", "Mwangi", "Lindqvist", "Popescu",
  "Ortiz", "Hughes", "Sato", "Abara", "Nakamura", "Herrera", "Petrov", "Walsh", "Ali", "Jensen",
  "Ferreira", "Weber", "Chowdhury", "Murphy", "Leclerc", "Horvath", "Zhang", "Adeyemi",
] as const;

/** Identity-provider groups and how common they are. */
export const GROUPS: readonly (readonly [string, number])[] = [
  ["Engineering", 30],
  ["Sales", 18],
  ["Support", 14],
  ["Finance", 8],
  ["Contractors", 10],
  ["IT", 6],
  ["Marketing", 10],
  ["Operations", 4],
];

export const ACCOUNT_NAMES = [
  "Acme Corp",
  "Globex Zero Trust",
  "Initech",
  "Umbrella Labs",
  "Hooli",
  "Stark Industries",
  "Wayne Enterprises",
  "Tyrell Corporation",
] as const;

export const ZONE_NAMES = [
  "acme.example",
  "globex.example",
  "initech.example",
  "umbrella.example",
  "hooli.example",
  "stark.example",
  "wayne.example",
  "tyrell.example",
] as const;

/** How common each operating system is among seeded devices. */
export const DEVICE_TYPES: readonly (readonly [DeviceType, number])[] = [
  ["windows", 34],
  ["mac", 30],
  ["linux", 12],
  ["ios", 11],
  ["android", 9],
  ["chromeos", 4],
];

export const CLIENT_VERSIONS: readonly (readonly [string, number])[] = [
  ["2025.5.735.1", 30],
  ["2025.4.929.0", 22],
  ["2025.2.600.0", 16],
  ["2025.1.861.0", 12],
  ["2024.12.554.0", 9],
  ["2024.9.346.0", 7],
  ["2024.6.415.0", 4],
];

export interface HardwareModel {
  manufacturer: string;
  model: string;
  /** Prefix of generated device names, such as `MacBook Pro` (the user's name goes before it). */
  label: string;
}

export const HARDWARE: Record<DeviceType, readonly HardwareModel[]> = {
  windows: [
    { manufacturer: "Dell Inc.", model: "Latitude 7440", label: "Latitude" },
    { manufacturer: "LENOVO", model: "ThinkPad X1 Carbon Gen 11", label: "ThinkPad" },
    { manufacturer: "HP", model: "EliteBook 840 G10", label: "EliteBook" },
    { manufacturer: "Microsoft Corporation", model: "Surface Laptop 5", label: "Surface" },
  ],
  mac: [
    { manufacturer: "Apple Inc.", model: "MacBookPro18,3", label: "MacBook Pro" },
    { manufacturer: "Apple Inc.", model: "Mac14,2", label: "MacBook Air" },
    { manufacturer: "Apple Inc.", model: "Mac15,7", label: "MacBook Pro" },
    { manufacturer: "Apple Inc.", model: "Mac14,13", label: "Mac Studio" },
  ],
  linux: [
    { manufacturer: "Dell Inc.", model: "Precision 5570", label: "precision" },
    { manufacturer: "LENOVO", model: "ThinkPad T14s Gen 4", label: "thinkpad" },
    { manufacturer: "System76", model: "Lemur Pro", label: "lemur" },
    { manufacturer: "QEMU", model: "Standard PC (Q35 + ICH9, 2009)", label: "build-vm" },
  ],
  ios: [
    { manufacturer: "Apple Inc.", model: "iPhone15,2", label: "iPhone" },
    { manufacturer: "Apple Inc.", model: "iPhone16,1", label: "iPhone" },
    { manufacturer: "Apple Inc.", model: "iPad13,18", label: "iPad" },
  ],
  android: [
    { manufacturer: "Google", model: "Pixel 8", label: "Pixel" },
    { manufacturer: "samsung", model: "SM-S911B", label: "Galaxy S23" },
    { manufacturer: "OnePlus", model: "CPH2449", label: "OnePlus 11" },
  ],
  chromeos: [
    { manufacturer: "Acer", model: "Chromebook Spin 714", label: "Chromebook" },
    { manufacturer: "Google", model: "Pixelbook Go", label: "Pixelbook" },
  ],
};

/** Operating system versions and the matching `os_version_extra` (or Linux distribution). */
export const OS_VERSIONS: Record<
  DeviceType,
  readonly { version: string; extra: string | null; distro?: [string, string] }[]
> = {
  windows: [
    { version: "10.0.22631", extra: "3880" },
    { version: "10.0.22631", extra: "4169" },
    { version: "10.0.26100", extra: "2314" },
    { version: "10.0.19045", extra: "5011" },
  ],
  mac: [
    { version: "15.5.0", extra: "(a)" },
    { version: "15.4.1", extra: null },
    { version: "14.7.6", extra: null },
    { version: "14.6.1", extra: "(c)" },
  ],
  linux: [
    { version: "6.8.0-57-generic", extra: "Ubuntu 24.04", distro: ["ubuntu", "24.04"] },
    { version: "6.1.0-31-amd64", extra: "Debian GNU/Linux 12", distro: ["debian", "12"] },
    { version: "6.13.9-200.fc41.x86_64", extra: "Fedora Linux 41", distro: ["fedora", "41"] },
  ],
  ios: [
    { version: "18.5", extra: null },
    { version: "18.4.1", extra: null },
    { version: "17.7.2", extra: null },
  ],
  android: [
    { version: "15", extra: null },
    { version: "14", extra: null },
  ],
  chromeos: [
    { version: "136.0.7103.93", extra: null },
    { version: "134.0.6998.198", extra: null },
  ],
};

/** Documentation-range public addresses devices are seen from (offices, then home networks). */
export const OFFICE_IPS = ["203.0.113.10", "203.0.113.11", "198.51.100.24", "192.0.2.77"] as const;

/** The routes a new account keeps out of the tunnel (Cloudflare's documented defaults). */
export const DEFAULT_EXCLUDE: readonly SplitTunnelEntry[] = [
  { address: "10.0.0.0/8" },
  { address: "100.64.0.0/10" },
  { address: "169.254.0.0/16", description: "DHCP Unspecified" },
  { address: "172.16.0.0/12" },
  { address: "192.0.0.0/24" },
  { address: "192.168.0.0/16" },
  { address: "224.0.0.0/24" },
  { address: "240.0.0.0/4" },
  { address: "255.255.255.255/32", description: "DHCP Broadcast" },
  { address: "fe80::/10", description: "IPv6 Link Local" },
  { address: "fd00::/8" },
  { address: "ff01::/16" },
  { address: "ff02::/16" },
  { address: "ff03::/16" },
  { address: "ff04::/16" },
  { address: "ff05::/16" },
];

/** The suffixes a new account resolves locally (Cloudflare's documented defaults). */
export const DEFAULT_FALLBACK_DOMAINS: readonly FallbackDomainEntry[] = [
  "intranet",
  "internal",
  "private",
  "localdomain",
  "domain",
  "lan",
  "home",
  "host",
  "corp",
  "local",
  "localhost",
  "home.arpa",
  "invalid",
  "test",
].map((suffix) => ({ suffix }));

/** A custom profile every seeded account starts with, plus the rule the seed uses to assign it. */
export interface ProfileTemplate {
  name: string;
  description: string;
  match: string;
  precedence: number;
  enabled: boolean;
  /** Operating systems the match expression selects (empty: any). */
  os: readonly DeviceType[];
  /** Groups the match expression selects (empty: any). */
  groups: readonly string[];
  settings: Record<string, unknown>;
  include?: readonly SplitTunnelEntry[];
  exclude?: readonly SplitTunnelEntry[];
  fallbackDomains?: readonly FallbackDomainEntry[];
  targetTests?: readonly string[];
}

export const PROFILE_TEMPLATES: readonly ProfileTemplate[] = [
  {
    name: "Engineering (Linux)",
    description: "Developer workstations: WireGuard tunnel, mode switching allowed.",
    match: 'any(identity.groups.name[*] in {"Engineering"}) and os.name == "linux"',
    precedence: 100,
    enabled: true,
    os: ["linux"],
    groups: ["Engineering"],
    settings: { allow_mode_switch: true, tunnel_protocol: "wireguard", auto_connect: 900 },
    exclude: [
      { address: "10.0.0.0/8", description: "Lab networks" },
      { host: "*.build.internal.example", description: "Build farm" },
    ],
    targetTests: ["Git server reachability"],
  },
  {
    name: "Finance (locked down)",
    description: "Finance laptops: client cannot be switched off, office ranges excluded.",
    match: 'any(identity.groups.name[*] in {"Finance"})',
    precedence: 150,
    enabled: true,
    os: [],
    groups: ["Finance"],
    settings: { switch_locked: true, allowed_to_leave: false, exclude_office_ips: true },
  },
  {
    name: "Contractors (macOS)",
    description: "Locked-down client settings for contractor laptops.",
    match: 'any(identity.groups.name[*] in {"Contractors"}) and os.name == "mac"',
    precedence: 200,
    enabled: true,
    os: ["mac"],
    groups: ["Contractors"],
    settings: {
      switch_locked: true,
      allowed_to_leave: false,
      captive_portal: 300,
      service_mode_v2: { mode: "warp" },
      support_url: "https://help.example.com/warp",
    },
  },
  {
    name: "Mobile devices",
    description: "Phones and tablets: MASQUE tunnel, reconnect after ten minutes.",
    match: 'os.name in {"ios" "android"}',
    precedence: 300,
    enabled: true,
    os: ["ios", "android"],
    groups: [],
    settings: { tunnel_protocol: "masque", auto_connect: 600, captive_portal: 600 },
  },
  {
    name: "Windows fleet",
    description: "Managed Windows laptops: only corporate ranges go through the tunnel.",
    match: 'os.name == "windows"',
    precedence: 400,
    enabled: true,
    os: ["windows"],
    groups: [],
    settings: {
      sccm_vpn_boundary_support: true,
      register_interface_ip_with_dns: true,
      lan_allow_minutes: 30,
      lan_allow_subnet_size: 24,
      dns_search_suffixes: [{ suffix: "corp.example.com", description: "Corporate AD domain" }],
    },
    include: [
      { address: "10.20.0.0/16", description: "Head office" },
      { host: "*.corp.example.com", description: "Intranet" },
    ],
    fallbackDomains: [
      {
        suffix: "corp.example.com",
        description: "Internal zone served by the office resolvers",
        dns_server: ["10.20.0.53", "10.20.1.53"],
      },
    ],
    targetTests: ["Intranet reachability", "SharePoint latency"],
  },
  {
    name: "Proxy mode pilot",
    description: "Trial of local proxy mode for a handful of users; switched off.",
    match: 'identity.email in {"pilot@example.com"}',
    precedence: 900,
    enabled: false,
    os: [],
    groups: [],
    settings: { service_mode_v2: { mode: "proxy", port: 40000 } },
  },
];

/** Defaults of the writable profile fields, as the spec gives them (generated from the spec). */
export const PROFILE_DEFAULTS: Readonly<Record<string, unknown>> =
  schemaDefaults.DeviceSettingsProfileCreate ?? {};
