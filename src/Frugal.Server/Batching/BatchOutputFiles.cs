using System.Buffers;
using Frugal.Core.Batching;
using Frugal.Storage.Sqlite.Batching;

namespace Frugal.Server.Batching;

/// <summary>
/// Writes a finished job's output file (lines answered 200) and error file (every other line) from batches.db, in
/// input order, one line in memory at a time, and registers them as Frugal files (purpose batch_output) of the job's
/// key. Every line of the job is in exactly one of the two. A file with no lines is not created (its id stays null,
/// as OpenAI does).
/// </summary>
public sealed class BatchOutputFiles(SqliteBatchStore store, BatchFiles files, TimeProvider time)
{
    public async ValueTask<(string? OutputFileId, string? ErrorFileId)> WriteAsync(BatchJobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var outputId = BatchIds.NewFile();
        var errorId = BatchIds.NewFile();
        var output = new Counted(files.Create(outputId));
        var error = new Counted(files.Create(errorId));
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            foreach (var line in store.FinishedLines(job.Id))
            {
                buffer.ResetWrittenCount();
                BatchWire.WriteOutputLine(buffer, BatchIds.NewLine(), BatchIds.LedgerRequestId(job.Id, line.CustomId), line);
                buffer.Write("\n"u8);
                await (line.StatusCode == 200 ? output : error).WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await output.Stream.DisposeAsync().ConfigureAwait(false);
            await error.Stream.DisposeAsync().ConfigureAwait(false);
        }

        return (Register(job, outputId, output, "output"), Register(job, errorId, error, "errors"));
    }

    private string? Register(BatchJobRecord job, string fileId, Counted written, string kind)
    {
        if (written.Lines == 0)
        {
            files.Delete(fileId);
            return null;
        }

        store.AddFile(new BatchFileRecord(fileId, job.KeyId, "batch_output", $"{job.Id}_{kind}.jsonl", written.Bytes, time.GetUtcNow(), written.Lines, job.Endpoint, job.Model));
        return fileId;
    }

    private sealed class Counted(FileStream stream)
    {
        public FileStream Stream { get; } = stream;

        public long Bytes { get; private set; }

        public int Lines { get; private set; }

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
        {
            await Stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            Bytes += line.Length;
            Lines++;
        }
    }
}
