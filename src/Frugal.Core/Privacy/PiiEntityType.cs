namespace Frugal.Core.Privacy;

/// <summary>
/// A kind of personal data: its name in config, reports and the ledger (Presidio's names where Presidio has the type)
/// and the tag of its placeholders (<c>&lt;EMAIL_1&gt;</c>). Built-in types are the static instances; tenants' own
/// patterns and deny-lists make more from config.
/// </summary>
public sealed class PiiEntityType
{
    public PiiEntityType(string name, string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        Name = name;
        Tag = tag;
    }

    /// <summary>The name used in config (<c>privacy.entities</c>), the ledger and the eval report.</summary>
    public string Name { get; }

    /// <summary>Upper-case letters, digits and underscores: what a placeholder is made of.</summary>
    public string Tag { get; }

    public static PiiEntityType Email { get; } = new("EMAIL_ADDRESS", "EMAIL");

    public static PiiEntityType Phone { get; } = new("PHONE_NUMBER", "PHONE");

    public static PiiEntityType CreditCard { get; } = new("CREDIT_CARD", "CARD");

    public static PiiEntityType Iban { get; } = new("IBAN_CODE", "IBAN");

    public static PiiEntityType UsSsn { get; } = new("US_SSN", "SSN");

    public static PiiEntityType IpAddress { get; } = new("IP_ADDRESS", "IP");

    public static PiiEntityType CnResidentId { get; } = new("CN_RESIDENT_ID", "CN_ID");

    public static PiiEntityType CnUscc { get; } = new("CN_USCC", "CN_USCC");

    public static PiiEntityType Secret { get; } = new("SECRET", "SECRET");

    /// <summary>Every built-in type, in a fixed order (config checks entity names against these plus the custom ones).</summary>
    public static IReadOnlyList<PiiEntityType> BuiltIn { get; } = [Email, Phone, CreditCard, Iban, UsSsn, IpAddress, CnResidentId, CnUscc, Secret];

    public override string ToString() => Name;
}
