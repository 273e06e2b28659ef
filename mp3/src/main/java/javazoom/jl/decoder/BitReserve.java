/*
 * 2026-11    Modified for the commune radio gateway: bits are kept packed in bytes
 *             and can be peeked, so that the Huffman decoder reads whole codes
 *             through lookup tables instead of one bit at a time.
 * 11/19/04			1.0 moved to LGPL.
 * 
 * 12/12/99 0.0.7	Implementation stores single bits 
 *					as ints for better performance. mdm@techie.com.
 *
 * 02/28/99 0.0     Java Conversion by E.B, javalayer@javazoom.net
 *
 *                  Adapted from the public c code by Jeff Tsay.
 *
 *-----------------------------------------------------------------------
 *   This program is free software; you can redistribute it and/or modify
 *   it under the terms of the GNU Library General Public License as published
 *   by the Free Software Foundation; either version 2 of the License, or
 *   (at your option) any later version.
 *
 *   This program is distributed in the hope that it will be useful,
 *   but WITHOUT ANY WARRANTY; without even the implied warranty of
 *   MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
 *   GNU Library General Public License for more details.
 *
 *   You should have received a copy of the GNU Library General Public
 *   License along with this program; if not, write to the Free Software
 *   Foundation, Inc., 675 Mass Ave, Cambridge, MA 02139, USA.
 *----------------------------------------------------------------------
 */

package javazoom.jl.decoder;

/**
 * Implementation of Bit Reservoir for Layer III: a ring of 4096 bytes, read bit by bit or several bits at once.
 * The first bytes are mirrored past the end so that a 32-bit read at any byte needs no wrap test.
 */
final class BitReserve
{
	private static final int BYTES = 4096;
	/** Size of the ring in bits (the unit of read positions). */
	private static final int BUFSIZE = BYTES * 8;
	private static final int BUFSIZE_MASK = BUFSIZE - 1;

	private final byte[] buf = new byte[BYTES + 4];
	/** Next byte written. */
	private int offset;
	/** Bits read so far (rewinds count back); the next bit read is at totbit & BUFSIZE_MASK. */
	private int totbit;

	BitReserve()
	{
	}

	public int hsstell()
	{
		return totbit;
	}

	/** The next 32 bits from the read position, the first in the top bit; at least 25 of them are real. */
	int word()
	{
		int pos = totbit & BUFSIZE_MASK;
		int i = pos >>> 3;
		int w = (buf[i] << 24) | ((buf[i + 1] & 0xFF) << 16) | ((buf[i + 2] & 0xFF) << 8) | (buf[i + 3] & 0xFF);
		return w << (pos & 7);
	}

	/**
	 * The next {@code n} bits (1..25) without reading them. Past the bits written, the ring's old bytes are seen:
	 * callers only skip over bits that a code really took.
	 */
	int peek(int n)
	{
		return word() >>> (32 - n);
	}

	/** Reads {@code n} bits already looked at with {@link #peek} or {@link #word}. */
	void skip(int n)
	{
		totbit += n;
	}

	/**
	 * Reads {@code n} bits; the last 32 of them are returned (callers that read more only skip). Nothing is read
	 * for {@code n <= 0} (no caller asks for fewer than 0).
	 */
	public int hgetbits(int n)
	{
		if (n <= 0)
			return 0;
		int val = 0;
		while (n > 16)
		{
			val = (val << 16) | peek(16);
			skip(16);
			n -= 16;
		}
		val = (val << n) | peek(n);
		skip(n);
		return val;
	}

	public int hget1bit()
	{
		int pos = totbit & BUFSIZE_MASK;
		int val = (buf[pos >>> 3] >>> (7 - (pos & 7))) & 1;
		skip(1);
		return val;
	}

	public void hputbuf(int val)
	{
		byte b = (byte) val;
		buf[offset] = b;
		if (offset < 4)
			buf[BYTES + offset] = b;
		offset = (offset + 1) & (BYTES - 1);
	}

	public void rewindNbits(int N)
	{
		totbit -= N;
	}

	public void rewindNbytes(int N)
	{
		rewindNbits(N << 3);
	}
}
