namespace Frugal.Core.Admission;

/// <summary>Where virtual keys live (SQLite in the data directory by default).</summary>
public interface IKeyStore
{
    Task AddAsync(VirtualKeyRecord key, string keyHash, CancellationToken cancellationToken);

    Task<VirtualKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<VirtualKeyRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Revokes the key with this id or name; false when there is none.</summary>
    Task<bool> RevokeAsync(string idOrName, DateTimeOffset revokedAt, CancellationToken cancellationToken);
}
