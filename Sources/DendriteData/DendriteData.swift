/// Data sets, CSV and IDX files, compression, preprocessing and augmentation; re-exports the tensor library.
@_exported import DendriteCore
