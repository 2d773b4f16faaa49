namespace Traceability.Core.Gs1;

/// <summary>What is wrong with a GS1 code. Each kind has its own test; callers may branch on it (e.g. HTTP 422 vs 400).</summary>
public enum Gs1ErrorKind
{
    /// <summary>The input is empty.</summary>
    Empty,

    /// <summary>No GS1 Application Identifier starts with these digits.</summary>
    UnknownAi,

    /// <summary>A value is longer than its AI allows.</summary>
    TooLong,

    /// <summary>A value is shorter than its AI requires.</summary>
    TooShort,

    /// <summary>A character is outside the character set of its AI (numeric, CSET 82, CSET 39, base64url).</summary>
    IllegalCharacter,

    /// <summary>A mod-10 (or alphanumeric) check digit does not match.</summary>
    CheckDigit,

    /// <summary>A date or time is not a real date or time.</summary>
    BadDate,

    /// <summary>A value breaks another content rule of its AI (country code, percent-encoding, fixed values…).</summary>
    InvalidValue,

    /// <summary>An AI needs another AI in the same code (e.g. (21) needs (01)).</summary>
    MissingPairing,

    /// <summary>Two AIs may not appear together (e.g. (01) with (02)).</summary>
    InvalidPairing,

    /// <summary>The same AI appears twice with different values.</summary>
    DuplicateAi,

    /// <summary>The bracketed human-readable form is malformed (e.g. an unclosed "(").</summary>
    MalformedBrackets,

    /// <summary>A GS1 Digital Link URI is malformed.</summary>
    MalformedDigitalLink,
}
