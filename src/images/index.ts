/** The image pipeline: resolve, load, optimise (sharp), upload with a ledger, rewrite <img src>. */
export type {
  CoverCrops,
  ImageFormat,
  ImagePurpose,
  ImageUploader,
  LedgerEntry,
  LedgerScope,
  MediaLedger,
  ProgressCallback,
  RemoteOptions,
  ResolvedSource,
  UploadContext,
  UploadKind,
} from './types.js';
export { resolveImageSource, isWechatHosted } from './resolve-source.js';
export type { ResolveContext } from './resolve-source.js';
export { ImageMemo } from './image-memo.js';
export { loadImage, readSourceBytes } from './load-image.js';
export type { LoadOptions, LoadedImage } from './load-image.js';
export { fetchRemoteImage } from './fetch-remote.js';
export type { FetchOptions, FetchedImage } from './fetch-remote.js';
export { vetHost, describePrivateAddress } from './check-address.js';
export type { AddressPolicy, LookupAll, HostAddress } from './check-address.js';
export { remoteOptionsFrom } from './remote-options.js';
export { describeBytes } from './describe-bytes.js';
export { detectImageFormat } from './detect-format.js';
export { decodeDataUri } from './decode-data-uri.js';
export { optimiseImage, BODY_IMAGE_MAX_BYTES, MATERIAL_IMAGE_MAX_BYTES } from './optimise-image.js';
export type { OptimiseOptions, OptimisedImage } from './optimise-image.js';
export { computeCoverCrops, formatCrop } from './compute-cover-crops.js';
export { MemoryLedger, computeLedgerKey, computeUrlKey, isEntryInScope, PIPELINE_VERSION } from './ledger.js';
export { rewriteImageSources, listImageSources } from './rewrite-sources.js';
export { prepareArticleImages } from './prepare-article.js';
export type { PrepareInput, PrepareDeps, PreparedArticleImages, PreparedCover } from './prepare-article.js';
export { writeBuildImages } from './write-build-images.js';
export type { BuildImagesInput, BuildImagesDeps, BuiltImages, BuiltImageOutcome } from './write-build-images.js';
export { ImageBatchError, placeImageError } from './image-errors.js';
