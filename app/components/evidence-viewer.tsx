type Evidence = { id: number; name: string; kind: string; mime: string };

// Formats browsers can play; AMR and HEIC are offered as downloads in the table below instead.
const PLAYABLE_AUDIO = [
  "audio/mpeg",
  "audio/wav",
  "audio/x-wav",
  "audio/x-m4a",
  "audio/mp4",
  "audio/aac",
  "audio/ogg",
  "audio/opus",
  "audio/flac",
  "audio/x-flac",
];
const SHOWABLE_IMAGES = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp"];

/** Evidence in the page: images shown, recordings playable where the browser can. */
export function EvidenceViewer({ evidence, hrefFor }: { evidence: Evidence[]; hrefFor: (e: Evidence) => string }) {
  const shown = evidence.filter((e) => SHOWABLE_IMAGES.includes(e.mime) || PLAYABLE_AUDIO.includes(e.mime));
  if (!shown.length) return null;
  return (
    <div className="evidence-viewer">
      {shown.map((e) => (
        <figure key={e.id}>
          {e.kind === "image" ? <img src={hrefFor(e)} alt={e.name} loading="lazy" /> : <audio controls preload="none" src={hrefFor(e)} />}
          <figcaption>{e.name}</figcaption>
        </figure>
      ))}
    </div>
  );
}
