package gen

import "net/netip"

// The world the tenant lives in: places with their true coordinates, the networks that
// serve them with their autonomous system numbers, applications with their well-known ids,
// devices, names and error texts. Everything here is a constant table.

// place is a city as Entra's geolocation names it. Coordinates are the city's; Entra
// reports them as float32 values, which is what coords gives.
type place struct {
	City, State, Country string
	Lat, Lon             float64
	UTCOffset            int // hours, in October
}

func (p *place) coords() (float64, float64) {
	return float64(float32(p.Lat)), float64(float32(p.Lon))
}

// The places. Index constants below name the ones the scenarios use.
var places = [...]place{
	{"New York", "New York", "US", 40.7128, -74.0060, -4},
	{"Boston", "Massachusetts", "US", 42.3601, -71.0589, -4},
	{"Chicago", "Illinois", "US", 41.8781, -87.6298, -5},
	{"Austin", "Texas", "US", 30.2672, -97.7431, -5},
	{"Seattle", "Washington", "US", 47.6062, -122.3321, -7},
	{"Denver", "Colorado", "US", 39.7392, -104.9903, -6},
	{"Atlanta", "Georgia", "US", 33.7490, -84.3880, -4},
	{"London", "London", "GB", 51.5074, -0.1278, 1},
	{"Manchester", "Manchester", "GB", 53.4808, -2.2426, 1},
	{"Edinburgh", "Scotland", "GB", 55.9533, -3.1883, 1},
	{"Berlin", "Berlin", "DE", 52.5200, 13.4050, 2},
	{"Dublin", "Dublin", "IE", 53.3498, -6.2603, 1},
	{"Toronto", "Ontario", "CA", 43.6532, -79.3832, -4},
	{"Sydney", "New South Wales", "AU", -33.8688, 151.2093, 11},
	{"Bucharest", "Bucuresti", "RO", 44.4268, 26.1025, 3},
	{"Saint Petersburg", "Saint Petersburg", "RU", 59.9311, 30.3609, 3},
	{"Lagos", "Lagos", "NG", 6.5244, 3.3792, 1},
	{"Hanoi", "Hanoi", "VN", 21.0278, 105.8342, 7},
	{"Sao Paulo", "Sao Paulo", "BR", -23.5505, -46.6333, -3},
	{"Mumbai", "Maharashtra", "IN", 19.0760, 72.8777, 5},
	{"Jakarta", "Jakarta", "ID", -6.2088, 106.8456, 7},
	{"Istanbul", "Istanbul", "TR", 41.0082, 28.9784, 3},
	{"Kyiv", "Kyiv City", "UA", 50.4501, 30.5234, 3},
	{"Warsaw", "Mazowieckie", "PL", 52.2297, 21.0122, 2},
	{"Piscataway", "New Jersey", "US", 40.5549, -74.4643, -4},
	{"North Bergen", "New Jersey", "US", 40.8043, -74.0121, -4},
	{"Ashburn", "Virginia", "US", 39.0438, -77.4874, -4},
	{"Falkenstein", "Saxony", "DE", 50.4779, 12.3713, 2},
	{"Roubaix", "Hauts-de-France", "FR", 50.6942, 3.1746, 2},
	{"Amsterdam", "Noord-Holland", "NL", 52.3676, 4.9041, 2},
	{"Frankfurt am Main", "Hessen", "DE", 50.1109, 8.6821, 2},
	{"Paris", "Paris", "FR", 48.8566, 2.3522, 2},
}

const (
	plNewYork = iota
	plBoston
	plChicago
	plAustin
	plSeattle
	plDenver
	plAtlanta
	plLondon
	plManchester
	plEdinburgh
	plBerlin
	plDublin
	plToronto
	plSydney
	plBucharest
	plStPetersburg
	plLagos
	plHanoi
	plSaoPaulo
	plMumbai
	plJakarta
	plIstanbul
	plKyiv
	plWarsaw
	plPiscataway
	plNorthBergen
	plAshburn
	plFalkenstein
	plRoubaix
	plAmsterdam
	plFrankfurt
	plParis
)

// network is an address block and the organisation whose autonomous system announces it.
type network struct {
	Org    string
	ASN    int
	Kind   string // residential, mobile, hosting, business, tor
	Place  int    // where its addresses geolocate (index into places); -1: the user's own city
	Prefix netip.Prefix
}

func mp(s string) netip.Prefix { return netip.MustParsePrefix(s) }

var networks = [...]network{
	// United States
	{"Comcast Cable Communications, LLC", 7922, "residential", -1, mp("73.0.0.0/8")},
	{"Comcast Cable Communications, LLC", 7922, "residential", -1, mp("2601::/20")},
	{"Verizon Business", 701, "residential", -1, mp("71.160.0.0/11")},
	{"AT&T Services, Inc.", 7018, "residential", -1, mp("99.0.0.0/10")},
	{"Charter Communications Inc", 20115, "residential", -1, mp("47.144.0.0/13")},
	{"T-Mobile USA, Inc.", 21928, "mobile", -1, mp("172.56.0.0/13")},
	{"T-Mobile USA, Inc.", 21928, "mobile", -1, mp("2607:fb90::/32")},
	{"Verizon Wireless", 22394, "mobile", -1, mp("174.192.0.0/10")},
	// United Kingdom
	{"British Telecommunications PLC", 2856, "residential", -1, mp("86.128.0.0/10")},
	{"Virgin Media Limited", 5089, "residential", -1, mp("82.0.0.0/14")},
	{"Sky UK Limited", 5607, "residential", -1, mp("90.192.0.0/11")},
	{"EE Limited", 12576, "mobile", -1, mp("31.94.0.0/16")},
	{"Vodafone Limited", 25135, "mobile", -1, mp("85.255.232.0/21")},
	// Germany, Ireland, Canada
	{"Deutsche Telekom AG", 3320, "residential", -1, mp("91.0.0.0/10")},
	{"Eircom Limited", 5466, "residential", -1, mp("86.40.0.0/13")},
	{"Rogers Communications Canada Inc.", 812, "residential", -1, mp("99.224.0.0/11")},
	// Offices (business lines)
	{"Level 3 Parent, LLC", 3356, "business", plNewYork, mp("4.30.125.16/28")},
	{"British Telecommunications PLC", 2856, "business", plLondon, mp("81.145.220.32/28")},
	// Abroad: residential and mobile
	{"Telstra Limited", 1221, "residential", plSydney, mp("1.128.0.0/11")},
	{"MTN NIGERIA Communication limited", 29465, "mobile", plLagos, mp("102.89.0.0/16")},
	{"VNPT Corp", 45899, "residential", plHanoi, mp("113.160.0.0/11")},
	{"TELEFONICA BRASIL S.A", 26599, "residential", plSaoPaulo, mp("177.32.0.0/12")},
	{"Reliance Jio Infocomm Limited", 55836, "mobile", plMumbai, mp("49.36.0.0/14")},
	{"PT Telekomunikasi Selular", 23693, "mobile", plJakarta, mp("114.124.0.0/14")},
	{"Turk Telekom", 9121, "residential", plIstanbul, mp("88.240.0.0/12")},
	{"Kyivstar PJSC", 15895, "mobile", plKyiv, mp("46.211.0.0/16")},
	{"Orange Polska Spolka Akcyjna", 5617, "residential", plWarsaw, mp("83.0.0.0/11")},
	{"Rostelecom", 12389, "residential", plStPetersburg, mp("178.64.0.0/13")},
	// Hosting and anonymisers
	{"M247 Europe SRL", 9009, "hosting", plBucharest, mp("146.70.0.0/16")},
	{"Selectel Ltd.", 49505, "hosting", plStPetersburg, mp("95.213.128.0/17")},
	{"DigitalOcean, LLC", 14061, "hosting", plNorthBergen, mp("167.99.0.0/16")},
	{"The Constant Company, LLC", 20473, "hosting", plPiscataway, mp("45.77.0.0/16")},
	{"OVH SAS", 16276, "hosting", plRoubaix, mp("51.68.0.0/16")},
	{"Hetzner Online GmbH", 24940, "hosting", plFalkenstein, mp("88.198.0.0/16")},
	{"LeaseWeb Netherlands B.V.", 60781, "hosting", plAmsterdam, mp("37.48.64.0/18")},
	{"Amazon.com, Inc.", 16509, "hosting", plAshburn, mp("3.208.0.0/12")},
	{"Stiftung Erneuerbare Freiheit", 60729, "tor", plFrankfurt, mp("185.220.101.0/24")},
}

const (
	nwComcast = iota
	nwComcast6
	nwVerizon
	nwATT
	nwCharter
	nwTMobile
	nwTMobile6
	nwVerizonWireless
	nwBT
	nwVirgin
	nwSky
	nwEE
	nwVodafoneUK
	nwTelekom
	nwEir
	nwRogers
	nwOfficeNY
	nwOfficeLondon
	nwTelstra
	nwMTN
	nwVNPT
	nwVivo
	nwJio
	nwTelkomsel
	nwTurkTelekom
	nwKyivstar
	nwOrangePL
	nwRostelecom
	nwM247
	nwSelectel
	nwDigitalOcean
	nwVultr
	nwOVH
	nwHetzner
	nwLeaseWeb
	nwAmazon
	nwTor
)

// Residential and mobile networks by country, for users' homes and phones.
var homeNetworks = map[string][]int{
	"US": {nwComcast, nwComcast, nwComcast6, nwVerizon, nwATT, nwCharter},
	"GB": {nwBT, nwVirgin, nwSky},
	"DE": {nwTelekom},
	"IE": {nwEir},
	"CA": {nwRogers},
}

var mobileNetworks = map[string][]int{
	"US": {nwTMobile, nwTMobile6, nwVerizonWireless},
	"GB": {nwEE, nwVodafoneUK},
	"DE": {nwTelekom},
	"IE": {nwEir},
	"CA": {nwRogers},
}

// Where the tenant's people live: place index and weight.
var homePlaces = []struct {
	place  int
	weight float64
}{
	{plNewYork, 30}, {plBoston, 8}, {plChicago, 9}, {plAustin, 6}, {plSeattle, 6}, {plDenver, 3}, {plAtlanta, 4},
	{plLondon, 17}, {plManchester, 5}, {plEdinburgh, 2},
	{plBerlin, 3}, {plDublin, 3}, {plToronto, 4},
}

// app is a first-party application (or resource) with its well-known id.
type app struct {
	Name, ID string
}

var (
	appOffice365Exchange = app{"Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"}
	appSharePoint        = app{"Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000"}
	appGraph             = app{"Microsoft Graph", "00000003-0000-0000-c000-000000000000"}
	appAAD               = app{"Windows Azure Active Directory", "00000002-0000-0000-c000-000000000000"}
	appAzureMgmt         = app{"Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013"}
	appTeamsSvc          = app{"Microsoft Teams Services", "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"}
	appOfficeHome        = app{"OfficeHome", "4765445b-32c6-49b0-83e6-1d93765276ca"}
	appOWA               = app{"One Outlook Web", "9199bf20-a13f-4107-85dc-02114787ef48"}
	appOffice            = app{"Microsoft Office", "d3590ed6-52b3-4102-aeff-aad2292ab01c"}
	appTeams             = app{"Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264"}
	appWindowsSignIn     = app{"Windows Sign In", "38aa3b87-a06d-4817-b275-7a316988d93b"}
	appBroker            = app{"Microsoft Authentication Broker", "29d9ed98-a469-4536-ade2-f981bc1d605e"}
	appOutlookMobile     = app{"Outlook Mobile", "27922004-5251-4030-b22d-91ecd9a37ea4"}
	appOneDriveSync      = app{"OneDrive SyncEngine", "ab9b8c07-8f02-4f72-87fa-80105867a763"}
	appEdge              = app{"Microsoft Edge", "ecd6b820-32c2-49b6-98a6-444530e5a77a"}
	appAzurePortal       = app{"Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"}
	appGraphPowerShell   = app{"Microsoft Graph PowerShell", "14d82eec-204b-4c2f-b7e8-296a70dab67e"}
	appEXOPowerShell     = app{"Microsoft Exchange REST API Based Powershell", "fb78d390-0c51-40cd-8e17-fdbfab77341b"}
	appEntraAdmin        = app{"ADIbizaUX", "74658136-14ec-4630-ad9b-26e160ff0fc6"}
	appMySignins         = app{"My Signins", "19db86c3-b2b9-44cc-b339-36da233a3be2"}
	appAzureCLI          = app{"Microsoft Azure CLI", "04b07795-8ddb-461a-bbee-02f9e1bf7b46"}
	appAADPowerShell     = app{"Azure Active Directory PowerShell", "1b730954-1685-4b74-9bfd-dac224a7b894"}
	appDRS               = app{"Device Registration Service", "01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9"}
)

// usage is an app a person uses, the resource it asks for, and how often.
type usage struct {
	App, Resource app
	Weight        float64
	MFA           bool // Conditional Access asks for multifactor authentication
}

// What people do from a desktop: interactive and non-interactive.
var desktopInteractive = []usage{
	{appOfficeHome, appOfficeHome, 4, true},
	{appOWA, appOffice365Exchange, 3, true},
	{appSharePoint, appSharePoint, 3, true},
	{appTeams, appTeamsSvc, 2, true},
	{appOffice, appOffice365Exchange, 2, true},
	{appWindowsSignIn, appAAD, 2, false},
}

var desktopNonInteractive = []usage{
	{appTeams, appTeamsSvc, 6, true},
	{appOffice, appOffice365Exchange, 5, true},
	{appOffice, appGraph, 2, true},
	{appOneDriveSync, appSharePoint, 3, true},
	{appEdge, appGraph, 2, false},
	{appOfficeHome, appGraph, 1, true},
	{appWindowsSignIn, appAAD, 2, false},
}

var phoneInteractive = []usage{
	{appOutlookMobile, appOffice365Exchange, 3, true},
	{appTeams, appTeamsSvc, 2, true},
	{appBroker, appDRS, 1, false},
}

var phoneNonInteractive = []usage{
	{appOutlookMobile, appOffice365Exchange, 6, true},
	{appTeams, appTeamsSvc, 5, true},
	{appBroker, appGraph, 2, false},
}

// Administrators also do this.
var adminInteractive = []usage{
	{appAzurePortal, appAzureMgmt, 3, true},
	{appEntraAdmin, appGraph, 2, true},
	{appGraphPowerShell, appGraph, 1, true},
	{appEXOPowerShell, appOffice365Exchange, 1, true},
}

// device is a kind of device: what Entra shows of it and the user agents it sends.
type device struct {
	Name         string // for the device's display name
	OS           string
	Browser      string // deviceDetail.browser for browser sign-ins
	UA           string // browser user agent
	AppBrowser   string // deviceDetail.browser for app sign-ins
	AppUA        string // app user agent
	Phone        bool
	TrustType    string // for corporate devices
	AppClient    string // clientAppUsed of app sign-ins
	BrowserClean string // clientAppUsed of browser sign-ins
}

var desktops = []device{
	{"LAPTOP", "Windows10", "Edge 129.0.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 Edg/129.0.0.0",
		"Rich Client 4.66.1.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.0.0 OneOutlook/1.2024.926.300",
		false, "Azure AD joined", "Mobile Apps and Desktop clients", "Browser"},
	{"LAPTOP", "Windows10", "Chrome 129.0.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
		"Rich Client 4.66.1.0", "Windows-AzureAD-Authentication-Provider/1.0",
		false, "Hybrid Azure AD joined", "Mobile Apps and Desktop clients", "Browser"},
	{"MBP", "MacOs", "Safari 17.6", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
		"Rich Client 1.25.0.0", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Teams/24243.1309.3132.617",
		false, "Azure AD registered", "Mobile Apps and Desktop clients", "Browser"},
	{"MBP", "MacOs", "Chrome 129.0.0", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36",
		"Rich Client 1.25.0.0", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Teams/24243.1309.3132.617",
		false, "Azure AD registered", "Mobile Apps and Desktop clients", "Browser"},
}

var phones = []device{
	{"iPhone", "Ios 17.6.1", "Mobile Safari", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
		"Rich Client 1.5.1", "Outlook-iOS/2.0",
		true, "Azure AD registered", "Mobile Apps and Desktop clients", "Browser"},
	{"iPhone", "Ios 18.0", "Mobile Safari", "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
		"Rich Client 1.5.1", "Microsoft Teams/6.17.1 (iPhone; iOS 18.0; Scale/3.00)",
		true, "Azure AD registered", "Mobile Apps and Desktop clients", "Browser"},
	{"Pixel", "Android 14", "Chrome Mobile 129.0.6668", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.81 Mobile Safari/537.36",
		"Rich Client 5.4.0", "Dalvik/2.1.0 (Linux; U; Android 14; Pixel 8 Build/AP2A.240905.003)",
		true, "Azure AD registered", "Mobile Apps and Desktop clients", "Browser"},
	{"Galaxy", "Android 14", "Samsung Internet 26.0", "Mozilla/5.0 (Linux; Android 14; SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
		"Rich Client 5.4.0", "Dalvik/2.1.0 (Linux; U; Android 14; SM-S921B Build/UP1A.231005.007)",
		true, "Azure AD registered", "Mobile Apps and Desktop clients", "Browser"},
}

// A browser an attacker's tooling presents.
const attackerUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"

// HostileUserAgent is the user agent of the brute-force tool: quotes, a line break, a
// spreadsheet formula and markup. Every writer must carry it through unchanged.
const HostileUserAgent = "Mozilla/5.0 \"Brute\"\n=cmd|' /C calc'!A0 </script><script>alert('x')</script>\t\u2028end"

// Given names and family names.
var givenNames = []string{
	"Adele", "Alex", "Allan", "Amir", "Ana", "Ben", "Bianca", "Carlos", "Chloe", "Christie",
	"Daniel", "Diego", "Elena", "Emily", "Ethan", "Fatima", "Grace", "Hannah", "Henrietta", "Isaiah",
	"Jack", "James", "Joni", "Jordan", "Julia", "Kenji", "Laura", "Lee", "Lidia", "Lynne",
	"Marcus", "Maria", "Megan", "Miriam", "Nathan", "Nestor", "Noah", "Olivia", "Omar", "Patti",
	"Pradeep", "Priya", "Rachel", "Raul", "Ryan", "Samuel", "Sara", "Sofia", "Tom", "Valentina",
	"Victor", "Wei", "Xavier", "Yara", "Zoe", "Aoife", "Callum", "Freya", "Lukas", "Niamh",
}

var familyNames = []string{
	"Anderson", "Bauer", "Brown", "Campbell", "Chen", "Clarke", "Davies", "Diaz", "Evans", "Fischer",
	"Garcia", "Gonzalez", "Gupta", "Hall", "Harris", "Hughes", "Jackson", "Johnson", "Kelly", "Khan",
	"Kim", "Lee", "Lewis", "Lopez", "Martin", "Martinez", "Miller", "Moore", "Murphy", "Nguyen",
	"O'Brien", "Patel", "Perez", "Roberts", "Robinson", "Rodriguez", "Schmidt", "Scott", "Singh", "Smith",
	"Taylor", "Thomas", "Thompson", "Walker", "Wang", "Weber", "White", "Williams", "Wilson", "Wright",
	"Young", "Zhang", "Novak", "Kowalski", "Rossi", "Silva", "Tanaka", "Byrne", "Walsh", "MacDonald",
}

var departments = []struct {
	Name   string
	Titles []string
}{
	{"Sales", []string{"Account Executive", "Sales Manager", "Sales Development Representative"}},
	{"Marketing", []string{"Marketing Manager", "Content Strategist", "Product Marketing Manager"}},
	{"Finance", []string{"Accountant", "Financial Analyst", "Controller", "Accounts Payable Specialist"}},
	{"Engineering", []string{"Software Engineer", "Senior Software Engineer", "Engineering Manager", "QA Engineer"}},
	{"Operations", []string{"Operations Manager", "Logistics Coordinator", "Office Manager"}},
	{"Human Resources", []string{"HR Generalist", "Recruiter", "HR Business Partner"}},
	{"Legal", []string{"Counsel", "Paralegal"}},
	{"Customer Success", []string{"Customer Success Manager", "Support Engineer"}},
}

// errorInfo is what Entra writes for a sign-in error code.
type errorInfo struct {
	Reason, Details string
	Status          string // Success, Failure or Interrupted, as the portal shows it
}

var errorTexts = map[int]errorInfo{
	0:      {"", "", "Success"},
	50126:  {"Error validating credentials due to invalid username or password.", "The user didn't enter the right credentials. \u00a0It's expected to see some number of these errors in your logs due to users making mistakes.", "Failure"},
	50053:  {"Account is locked because user tried to sign in too many times with an incorrect user ID or password.", "The account is locked because of repeated sign-in attempts with an incorrect user ID or password, or sign-in from an IP address with malicious activity.", "Failure"},
	50057:  {"User account is disabled. The account has been disabled by an administrator.", "The user object in Active Directory backing this account has been disabled. An admin can re-enable this account.", "Failure"},
	50074:  {"Strong Authentication is required.", "The user was presented with an MFA prompt and has not completed it yet.", "Interrupted"},
	50076:  {"Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.", "MFA required in Azure AD", "Interrupted"},
	500121: {"Authentication failed during strong authentication request.", "", "Failure"},
	50140:  {"This error occurred due to 'Keep me signed in' interrupt when the user was signing in.", "This is an expected part of the login flow, where a user is asked if they want to remain signed into this browser to make further logins easier.", "Interrupted"},
	50058:  {"Session information is not sufficient for single-sign-on.", "This means that a user is not signed in. This is a common error that's expected when a user is unauthenticated and has not yet signed in.", "Interrupted"},
	16000:  {"Either multiple user identities are available for the current request or selected account is not supported for the scenario.", "This is an expected part of the login flow, where a user is asked to select which account to use.", "Interrupted"},
	50173:  {"The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.", "The session was revoked or has expired; the client must sign in again.", "Failure"},
	700082: {"The refresh token has expired due to inactivity.", "The refresh token was not used for 90 days and has expired; the user must sign in again.", "Failure"},
}

// The additional details of MFA denials.
const (
	mfaDeclined   = "MFA denied; user declined the authentication"
	mfaNoResponse = "MFA denied; user did not respond to mobile app notification"
	mfaFraud      = "MFA denied; user declared the authentication as fraudulent"
)

// Conditional Access policies of the tenant.
var (
	caRequireMFA  = caDef{"CA001: Require multifactor authentication for all users", []string{"Mfa"}, nil}
	caBlockLegacy = caDef{"CA002: Block legacy authentication", []string{"Block"}, nil}
	caAdminDevice = caDef{"CA003: Require compliant device for administrators", []string{"RequireCompliantDevice"}, nil}
	caSignInFreq  = caDef{"CA004: Sign-in frequency for unmanaged devices", nil, []string{"SignInFrequency"}}
)

type caDef struct {
	Name    string
	Grant   []string
	Session []string
}
