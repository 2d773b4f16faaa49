namespace Traceability.Core.Gs1;

/// <summary>
/// The GS1 mod-10 check digit used by GTIN, SSCC, GLN and every other GS1 key with a "csum" component:
/// from the right, digits are weighted 3, 1, 3, 1, …; the check digit brings the sum to a multiple of 10.
/// </summary>
public static class Mod10
{
    /// <summary>Computes the check digit for <paramref name="digitsWithoutCheck"/> (ASCII digits only).</summary>
    /// <exception cref="ArgumentException">A character is not a digit.</exception>
    public static char Compute(ReadOnlySpan<char> digitsWithoutCheck)
    {
        var sum = 0;
        var weight = 3;
        for (var i = digitsWithoutCheck.Length - 1; i >= 0; i--)
        {
            var d = digitsWithoutCheck[i] - '0';
            if ((uint)d > 9)
            {
                throw new ArgumentException($"Position {i + 1}: '{digitsWithoutCheck[i]}' is not a digit.", nameof(digitsWithoutCheck));
            }

            sum += d * weight;
            weight = 4 - weight;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }

    /// <summary>True when <paramref name="digits"/> are all digits and the last is the check digit of the others.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2)
        {
            return false;
        }

        var sum = 0;
        var weight = 1; // the check digit itself has weight 1
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            sum += d * weight;
            weight = 4 - weight;
        }

        return sum % 10 == 0;
    }
}
