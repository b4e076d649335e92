using System.Buffers;
using System.Globalization;

namespace Frugal.Core.Batching;

/// <summary>
/// Checks an uploaded batch file line by line while copying it to its place on disk, never holding more than one
/// line (plus one read buffer) in memory: each line is valid JSON with a unique non-empty <c>custom_id</c>,
/// <c>method</c> POST, a <c>url</c> Frugal serves, the same url and <c>body.model</c> on every line, and the file keeps
/// to <see cref="BatchesConfig.MaxLines"/> and <see cref="BatchesConfig.MaxFileBytes"/>. Memory: the line buffer
/// (the longest line, pooled) + one <see cref="HashSet{T}"/> of custom_ids (about 100 bytes per line: ~5 MB for
/// 50,000 lines). Whether the model exists is checked when a batch is created from the file, with the batch's endpoint.
/// </summary>
public static class BatchFileValidator
{
    private const int ReadSize = 64 * 1024;

    public static async ValueTask<BatchFileSummary> CopyAndValidateAsync(Stream input, Stream output, BatchesConfig limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(limits);
        var state = new State(limits);
        var read = ArrayPool<byte>.Shared.Rent(ReadSize);
        var line = ArrayPool<byte>.Shared.Rent(ReadSize);
        var lineLength = 0;
        long bytes = 0;
        try
        {
            int count;
            while ((count = await input.ReadAsync(read.AsMemory(0, ReadSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                bytes += count;
                if (bytes > limits.MaxFileBytes)
                {
                    state.Problems.Add(0, string.Create(CultureInfo.InvariantCulture, $"the file is larger than {limits.MaxFileBytes} bytes (batches.maxFileBytes)"));
                    break; // nothing past the limit is read: the upload is refused whatever the rest holds
                }

                await output.WriteAsync(read.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
                var chunk = read.AsSpan(0, count);
                while (chunk.Length > 0)
                {
                    var newline = chunk.IndexOf((byte)'\n');
                    var part = newline < 0 ? chunk : chunk[..newline];
                    Append(ref line, ref lineLength, part);
                    if (newline < 0)
                    {
                        break;
                    }

                    state.Line(line.AsSpan(0, lineLength));
                    lineLength = 0;
                    chunk = chunk[(newline + 1)..];
                }
            }

            if (lineLength > 0 && bytes <= limits.MaxFileBytes)
            {
                state.Line(line.AsSpan(0, lineLength));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(read);
            ArrayPool<byte>.Shared.Return(line);
        }

        if (state.Requests == 0 && !state.Problems.Any)
        {
            state.Problems.Add(0, "the file holds no request lines");
        }

        return new BatchFileSummary(bytes, state.Requests, state.Endpoint, state.Model, state.Problems);
    }

    private static void Append(ref byte[] line, ref int length, ReadOnlySpan<byte> part)
    {
        if (length + part.Length > line.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(line.Length * 2, length + part.Length));
            line.AsSpan(0, length).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(line);
            line = bigger;
        }

        part.CopyTo(line.AsSpan(length));
        length += part.Length;
    }

    /// <summary>The checks across lines: numbering, duplicates, the first endpoint and model seen.</summary>
    private sealed class State(BatchesConfig limits)
    {
        private readonly HashSet<string> _customIds = new(StringComparer.Ordinal);
        private long _number;
        private long _endpointLine;
        private long _modelLine;

        public BatchFileProblems Problems { get; } = new();

        public int Requests { get; private set; }

        public string? Endpoint { get; private set; }

        public string? Model { get; private set; }

        public void Line(ReadOnlySpan<byte> text)
        {
            _number++;
            if (text.Length > 0 && text[^1] == (byte)'\r')
            {
                text = text[..^1];
            }

            if (text.Trim(" \t"u8).IsEmpty)
            {
                return; // blank lines (a trailing newline, a blank line between requests) are not requests
            }

            Requests++;
            if (Requests == limits.MaxLines + 1)
            {
                Problems.Add(_number, string.Create(CultureInfo.InvariantCulture, $"the file has more than {limits.MaxLines} request lines (batches.maxLines)"));
            }

            var fields = BatchLineFields.Read(text);
            if (fields.Error is { } error)
            {
                Problems.Add(_number, error);
            }

            if (fields.CustomId is { Length: > 0 } id && !_customIds.Add(id))
            {
                Problems.Add(_number, "duplicate custom_id " + BatchFileProblems.Quote(id));
            }

            if (fields.Error is not null && fields.BodyStart < 0 && fields.CustomId is null)
            {
                return; // not a request object at all: the other checks would only repeat it
            }

            if (fields.Method != "POST")
            {
                Problems.Add(_number, fields.Method is null ? "missing method (must be \"POST\")" : "method " + BatchFileProblems.Quote(fields.Method) + " (must be \"POST\")");
            }

            CheckUrl(fields.Url);
            if (fields.Model is { } model)
            {
                if (Model is null)
                {
                    Model = model;
                    _modelLine = _number;
                }
                else if (!string.Equals(Model, model, StringComparison.Ordinal))
                {
                    Problems.Add(_number, string.Create(CultureInfo.InvariantCulture, $"model {BatchFileProblems.Quote(model)} differs from line {_modelLine}'s {BatchFileProblems.Quote(Model)} (one model per batch)"));
                }
            }
        }

        private void CheckUrl(string? url)
        {
            if (url is null)
            {
                Problems.Add(_number, "missing url");
                return;
            }

            if (!BatchEndpoints.IsSupported(url))
            {
                Problems.Add(_number, $"url {BatchFileProblems.Quote(url)} is not {BatchEndpoints.ChatCompletions} or {BatchEndpoints.Embeddings}");
                return;
            }

            if (Endpoint is null)
            {
                Endpoint = url;
                _endpointLine = _number;
            }
            else if (!string.Equals(Endpoint, url, StringComparison.Ordinal))
            {
                Problems.Add(_number, string.Create(CultureInfo.InvariantCulture, $"url {BatchFileProblems.Quote(url)} differs from line {_endpointLine}'s {BatchFileProblems.Quote(Endpoint)} (one endpoint per batch)"));
            }
        }
    }
}
