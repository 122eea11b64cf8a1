package touchpoint

// isoCurrencies holds the ISO 4217 alphabetic codes in circulation, funds
// codes and precious metals included, "XTS" (testing) and "XXX" (no
// currency) excluded. A switch compiles to a search without a mutable
// package-level map.
func isoCurrency(code string) bool {
	if len(code) != 3 {
		return false
	}
	switch code {
	case "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN",
		"BAM", "BBD", "BDT", "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BOV",
		"BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF",
		"CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK",
		"DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
		"GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL",
		"HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
		"JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
		"LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD",
		"MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR",
		"MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
		"PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF",
		"SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD",
		"SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP",
		"TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU",
		"UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF", "XAG", "XAU",
		"XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF",
		"XPT", "XSU", "XUA", "YER", "ZAR", "ZMW", "ZWG":
		return true
	}
	return false
}

// ValidCurrency reports whether code is an ISO 4217 alphabetic currency code
// in circulation (upper case, e.g. "EUR", "USD", "JPY").
func ValidCurrency(code string) bool { return isoCurrency(code) }

// MinorUnits returns the ISO 4217 minor unit of code: the number of decimal
// places its amounts are usually given in (2 for EUR, 0 for JPY, 3 for
// KWD). ok is false for a code that is not a currency in circulation
// ([ValidCurrency]) and for the codes ISO 4217 gives no minor unit:
// precious metals (XAU, XAG, XPD, XPT), bond-market units (XBA to XBD),
// XDR, XSU and XUA. Money itself allows up to [MaxMoneyFractionDigits]
// places in any currency; MinorUnits is for rounding computed amounts,
// such as a value split between channels.
func MinorUnits(code string) (places int, ok bool) {
	if !isoCurrency(code) {
		return 0, false
	}
	switch code {
	case "XAU", "XAG", "XPD", "XPT", "XBA", "XBB", "XBC", "XBD", "XDR", "XSU", "XUA":
		return 0, false
	case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF",
		"UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF":
		return 0, true
	case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND":
		return 3, true
	case "CLF", "UYW":
		return 4, true
	}
	return 2, true
}
