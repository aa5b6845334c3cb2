/** A running source of "something the lab's checks read may have changed". */
export interface Feed {
  close(): Promise<void>;
}
