import type { PhotoView } from "~/server/evidence.server";

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

/**
 * Evidence in the page: images shown, recordings playable where the browser can. With `photos`, an
 * image is shown as the file this reader gets (a clean copy, perhaps of another type) or not at all.
 */
export function EvidenceViewer({ evidence, hrefFor, photos }: { evidence: Evidence[]; hrefFor: (e: Evidence) => string; photos?: Record<number, PhotoView> }) {
  const served = (e: Evidence) => (photos?.[e.id] ? photos[e.id].servedMime : e.mime);
  const shown = evidence.filter((e) => {
    const mime = served(e);
    return mime !== null && (SHOWABLE_IMAGES.includes(mime) || PLAYABLE_AUDIO.includes(mime));
  });
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
