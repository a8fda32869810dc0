"""Infrastructure: configuration, the database, assets, security headers, languages, rate
limits, the phone's device cookie, addresses and QR codes, errors, text and formatting."""
