namespace Frugal.Core.Configuration;

public enum AuthMode
{
    /// <summary>Clients must send a virtual key (<c>Authorization: Bearer fk-…</c>).</summary>
    Keys,

    /// <summary>No client authentication; allowed only when every listen address is loopback.</summary>
    None,
}
