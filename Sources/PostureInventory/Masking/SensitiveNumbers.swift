/// What makes a run of digits a payment card number or a US social security number, and how each
/// is masked. The one definition both the content scanner (file contents) and `HostText.mask`
/// (every host string a report or log carries) use, so the two can never disagree.
public enum SensitiveNumbers {
    /// Brand prefix and length (Visa, Mastercard, American Express, Discover, JCB, Diners Club,
    /// UnionPay, Maestro), then Luhn. `digits` are digit values (0–9), not ASCII.
    public static func isCard(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        let length = digits.count
        guard length >= 13, length <= 19 else { return false }
        func prefix(_ count: Int) -> Int {
            var total = 0
            for i in 0..<count { total = total * 10 + Int(digits[i]) }
            return total
        }
        let p1 = prefix(1)
        let p2 = prefix(2)
        let p3 = prefix(3)
        let p4 = prefix(4)
        let p6 = prefix(6)
        let brand: Bool
        if p1 == 4 {
            brand = [13, 16, 18, 19].contains(length)  // Visa
        } else if (51...55).contains(p2) || (222_100...272_099).contains(p6) {
            brand = length == 16  // Mastercard
        } else if p2 == 34 || p2 == 37 {
            brand = length == 15  // American Express
        } else if p4 == 6011 || (644...649).contains(p3) || p2 == 65 {
            brand = length == 16 || length == 19  // Discover
        } else if (3528...3589).contains(p4) {
            brand = (16...19).contains(length)  // JCB
        } else if (300...305).contains(p3) || p2 == 36 || p2 == 38 || p2 == 39 {
            brand = [14, 16, 19].contains(length)  // Diners Club
        } else if p2 == 62 {
            brand = (14...19).contains(length)  // UnionPay
        } else if [5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].contains(p4) {
            brand = (13...19).contains(length)  // Maestro
        } else {
            brand = false
        }
        return brand && luhn(digits)
    }

    public static func luhn(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        var sum = 0
        var double = false
        for digit in digits.reversed() {
            var value = Int(digit)
            if double {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            double.toggle()
        }
        return sum % 10 == 0
    }

    /// First six and last four, the rest as asterisks: 411111******1111.
    public static func maskCard(_ digits: UnsafeBufferPointer<UInt8>) -> String {
        var text = ""
        for (index, digit) in digits.enumerated() {
            text.append(index < 6 || index >= digits.count - 4 ? Character(String(digit)) : "*")
        }
        return text
    }

    /// `AAA-GG-SSSS` outside the never-issued ranges (area 000, 666, 900–999; group 00; serial 0000).
    public static func isIssuedSSN(area: Int, group: Int, serial: Int) -> Bool {
        area != 0 && area != 666 && area < 900 && group != 0 && serial != 0
    }

    /// Only the last four: ***-**-6789. `lastFour` is the serial as written.
    public static func maskSSN(lastFour: String) -> String {
        "***-**-" + lastFour
    }
}
